import { useEffect, useState } from 'react';
import type { OrderView } from '../../libs/contracts/src/order.view';
import { prepEstimate } from './prep-estimates';
import { clock, timeOfDay } from './time-format';

/** The promised ready time and the time left to it; red, counting up, once it has passed. */
export function PromisedTime({ order, now }: { order: OrderView; now: number }) {
  if (!order.promisedReadyAt || (order.status !== 'ACCEPTED' && order.status !== 'PREPARING')) return null;
  const left = Date.parse(order.promisedReadyAt) - now;
  return (
    <p className={`promise${left < 0 ? ' promise-late' : ''}`} role="timer" data-promised-ready-at={order.promisedReadyAt}>
      Promised {timeOfDay(order.promisedReadyAt)} ·{' '}
      {left >= 0 ? <>{clock(left)} left</> : <strong>late by {clock(-left)}</strong>}
    </p>
  );
}

/** A scheduled order waiting for its release: when it comes to the kitchen, and when it is collected. */
export function Release({ order }: { order: OrderView }) {
  return (
    <p className="release" data-release-at={order.releaseAt}>
      Starts {timeOfDay(order.releaseAt)}
      {order.pickupTime && <> · for {timeOfDay(order.pickupTime)}</>}
    </p>
  );
}

/** Minutes the kitchen promises as it accepts; shows the brand's estimate until someone types another. */
export function PrepMinutes({
  order,
  value,
  onChange,
}: {
  order: OrderView;
  value: number | undefined;
  onChange(minutes: number | undefined): void;
}) {
  const [estimate, setEstimate] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    void prepEstimate(order.brandId).then((minutes) => current && setEstimate(minutes));
    return () => {
      current = false;
    };
  }, [order.brandId]);
  return (
    <label className="prep-minutes">
      Ready in{' '}
      <input
        type="number"
        min={1}
        max={240}
        inputMode="numeric"
        name="prepMinutes"
        aria-label={`Prep minutes for #${order.channelOrderId || order.id.slice(0, 8)}`}
        placeholder={estimate === null ? '' : String(estimate)}
        value={value ?? ''}
        onChange={(e) => {
          const n = Number(e.target.value);
          onChange(e.target.value === '' || !Number.isInteger(n) || n < 1 || n > 240 ? undefined : n);
        }}
      />{' '}
      min
    </label>
  );
}
