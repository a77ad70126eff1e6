import { utcTime } from './format';
import { REFRESH_MS } from './refresh';

interface Props {
  updatedAt: number | null;
  loading: boolean;
  stale: boolean;
  onRefresh: () => void;
}

/** When the figures on screen were answered, and a way to ask now instead of at the next refresh. */
export function StatusLine({ updatedAt, loading, stale, onRefresh }: Props) {
  return (
    <p className="status-line">
      {updatedAt === null ? (
        'Not updated yet'
      ) : (
        <>
          {stale ? 'Last updated at ' : 'Updated at '}
          <time dateTime={new Date(updatedAt).toISOString()} data-updated-at={updatedAt}>
            {utcTime(updatedAt)} UTC
          </time>
          <span className="hint"> · refreshes every {REFRESH_MS / 1000} s</span>
        </>
      )}
      <button type="button" className="secondary" onClick={onRefresh} disabled={loading}>
        Refresh
      </button>
    </p>
  );
}
