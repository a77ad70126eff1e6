import { Notice } from '../shared/Notice';
import type { LoadState } from './use-board';
import type { StreamState } from './use-order-stream';

const BADGE: Record<StreamState['kind'], string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

/** The header's one-word state of the live feed. */
export function LiveBadge({ stream }: { stream: StreamState }) {
  return (
    <span className={`live-badge live-${stream.kind}`} data-stream={stream.kind}>
      {BADGE[stream.kind]}
    </span>
  );
}

interface Props {
  load: LoadState;
  stream: StreamState;
  empty: boolean;
  onRetry(): void;
}

/** Says what is wrong with the board's data and what the page is doing about it. */
export function ConnectionNotices({ load, stream, empty, onRetry }: Props) {
  return (
    <>
      {load.kind === 'failed' && (
        <div className="notice-row">
          <Notice tone="error">
            Cannot read the orders: {load.message.replace(/ Retrying…$/, '')} Trying again every few seconds.
          </Notice>
          <button type="button" className="secondary" onClick={onRetry}>
            Retry now
          </button>
        </div>
      )}
      {stream.kind === 'reconnecting' && (
        <Notice tone="warning">
          Live updates interrupted: {stream.reason} Reconnecting… Cards may be out of date until then; buttons still work.
        </Notice>
      )}
      {load.kind === 'loading' && empty && <Notice tone="info">Loading orders…</Notice>}
    </>
  );
}
