import { monthName } from './bucket-labels';
import { fieldsOf, type Range } from './range';

/** The customers' times and the update time stay UTC, as the API gives them. */
export const utcDateTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

export const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** "2026-03-29 00:00 to 2026-03-30 00:00 (Europe/Helsinki, by hour)"; date ranges name their last day or month. */
export function rangeText(range: Range): string {
  const { from, to } = fieldsOf(range);
  const span =
    range.granularity === 'hour'
      ? `${from.replace('T', ' ')} to ${to.replace('T', ' ')}`
      : range.granularity === 'month'
        ? `${monthName(from)} to ${monthName(to)}`
        : `${from} to ${to}`;
  return `${span} (${range.tz}, by ${range.granularity})`;
}

/** 95.5 → "1 min 36 s"; durations in the kitchen are minutes, rarely hours. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes - hours * 60} min`;
}

const counts = new Intl.NumberFormat('en-GB');
const amounts = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const count = (n: number) => counts.format(n);
export const amount = (n: number) => amounts.format(n);

/** Status names as people read them: PICKED_UP → "Picked up". */
export const statusName = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');
