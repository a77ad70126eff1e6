import { useCallback, useEffect, useState } from 'react';
import type { AvailabilityState, BrandAvailabilityView } from '../../libs/contracts/src/brand-availability';
import { ApiError } from '../shared/api';
import { readAvailability, setAvailability, setItemAvailability } from './availability-api';

interface Props {
  /** Brands of the orders on the board, offered to pick from. */
  brands: readonly string[];
  /** Bumped when a brand event arrives on the stream: the availability shown is read again. */
  brandEvents: Record<string, number>;
}

const STATE_LABEL: Record<AvailabilityState, string> = { ONLINE: 'Online', BUSY: 'Busy', PAUSED: 'Paused' };
const DEFAULT_EXTRA_MINUTES = 10;

/**
 * The kitchen tells channels how it is doing: busy (promises take longer), paused (no new orders),
 * or an item out of stock (orders holding it are refused). Changes apply to new orders at once.
 */
export function BrandControls({ brands, brandEvents }: Props) {
  const [brandId, setBrandId] = useState('');
  const [availability, setShown] = useState<BrandAvailabilityView | null>(null);
  const [extraMinutes, setExtraMinutes] = useState(DEFAULT_EXTRA_MINUTES);
  const [plu, setPlu] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const chosen = brandId || brands[0] || '';

  const run = useCallback(async (change: () => Promise<BrandAvailabilityView>, done?: string) => {
    setBusy(true);
    setMessage(null);
    try {
      setShown(await change());
      if (done) setMessage({ tone: 'info', text: done });
    } catch (error) {
      setMessage({
        tone: 'error',
        text: `Not changed: ${error instanceof ApiError ? (error.problem?.detail ?? error.message) : String(error)}`,
      });
    } finally {
      setBusy(false);
    }
  }, []);

  // Read again on every change of this brand seen on the stream, keeping what the last press said.
  useEffect(() => {
    if (!chosen) return setShown(null);
    let current = true;
    readAvailability(chosen)
      .then((view) => current && setShown(view))
      .catch((error: unknown) => current && setMessage({ tone: 'error', text: `Cannot read the brand: ${failureText(error)}` }));
    return () => {
      current = false;
    };
  }, [chosen, brandEvents[chosen]]);

  return (
    <section className="brand-controls" aria-label="Brand availability" data-brand={chosen} data-state={availability?.state}>
      <label>
        Brand{' '}
        <input
          list="board-brands"
          value={chosen}
          onChange={(e) => setBrandId(e.target.value)}
          placeholder="brand id"
          aria-label="Brand id"
          name="brand"
        />
        <datalist id="board-brands">
          {brands.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
      </label>
      {availability && (
        <>
          <span className={`brand-state brand-state-${availability.state.toLowerCase()}`} data-testid="brand-state">
            {STATE_LABEL[availability.state]}
            {availability.state === 'BUSY' && availability.extraPrepMinutes ? ` +${availability.extraPrepMinutes} min` : ''}
            {availability.until ? ` until ${new Date(availability.until).toLocaleTimeString()}` : ''} · prep{' '}
            {availability.prepEstimateMinutes} min
          </span>
          <div className="brand-actions" role="group" aria-label="Set the brand">
            <button
              type="button"
              data-set="ONLINE"
              disabled={busy || availability.state === 'ONLINE'}
              onClick={() => void run(() => setAvailability(chosen, 'ONLINE'), 'Taking orders.')}
            >
              Online
            </button>
            <label className="brand-extra">
              +
              <input
                type="number"
                min={1}
                max={120}
                value={extraMinutes}
                onChange={(e) => setExtraMinutes(Number(e.target.value))}
                aria-label="Extra prep minutes while busy"
                name="extraPrepMinutes"
              />
              min
            </label>
            <button
              type="button"
              data-set="BUSY"
              disabled={busy}
              onClick={() =>
                void run(
                  () => setAvailability(chosen, 'BUSY', extraMinutes),
                  `Busy: promises take ${extraMinutes} minutes longer.`,
                )
              }
            >
              Busy
            </button>
            <button
              type="button"
              data-set="PAUSED"
              className="action-danger"
              disabled={busy || availability.state === 'PAUSED'}
              onClick={() => void run(() => setAvailability(chosen, 'PAUSED'), 'Paused: new orders are refused.')}
            >
              Pause
            </button>
          </div>
          <form
            className="brand-snooze"
            onSubmit={(e) => {
              e.preventDefault();
              const code = plu.trim();
              if (code)
                void run(() => setItemAvailability(chosen, code, false), `${code} snoozed: orders holding it are refused.`).then(
                  () => setPlu(''),
                );
            }}
          >
            <input value={plu} onChange={(e) => setPlu(e.target.value)} placeholder="PLU" aria-label="PLU to snooze" name="plu" />
            <button type="submit" disabled={busy || !plu.trim()}>
              Snooze item
            </button>
          </form>
          <ul className="snoozed-items" aria-label="Snoozed items">
            {availability.snoozedItems.map((item) => (
              <li key={item.plu} data-snoozed={item.plu}>
                {item.plu}
                {item.until ? ` until ${new Date(item.until).toLocaleTimeString()}` : ''}{' '}
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  aria-label={`Un-snooze ${item.plu}`}
                  onClick={() => void run(() => setItemAvailability(chosen, item.plu, true), `${item.plu} is available again.`)}
                >
                  Un-snooze
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {message && (
        <p className={`brand-message notice notice-${message.tone}`} role={message.tone === 'info' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}

const failureText = (error: unknown): string =>
  error instanceof ApiError ? (error.problem?.detail ?? error.message) : String(error);
