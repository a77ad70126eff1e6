/** Every time on the page is UTC, as the API buckets are. */
export function bucketLabel(iso: string, granularity: string): string {
  return granularity === 'day' ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

export const utcDateTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

export const utcTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function rangeText(from: number, to: number, granularity: string): string {
  const f = new Date(from).toISOString();
  const t = new Date(to).toISOString();
  return granularity === 'day'
    ? `${f.slice(0, 10)} to ${new Date(to - 86_400_000).toISOString().slice(0, 10)} (UTC, by day)`
    : `${utcDateTime(f)} to ${utcDateTime(t)} (UTC, by hour)`;
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
