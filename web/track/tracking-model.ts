/** What GET /v1/track/{token} answers (the contract's list of members). */
export interface TrackingView {
  status: 'PLACED' | 'ACCEPTED' | 'PREPARING' | 'READY' | 'PICKED_UP' | 'REJECTED' | 'CANCELLED';
  fulfillment: { mode: 'PICKUP' | 'DELIVERY' | 'DINE_IN' | 'CURBSIDE' };
  placedAt: string;
  scheduled: boolean;
  pickupTime: string | null;
  promisedReadyAt: string | null;
  items: { name: string; quantity: number; status: 'QUEUED' | 'PREPARING' | 'READY' | 'CANCELLED' }[];
  updatedAt: string;
}

export interface Step {
  label: string;
  state: 'done' | 'current' | 'todo';
}

const PATH = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP'] as const;

const lastStep = (mode: TrackingView['fulfillment']['mode']) =>
  mode === 'DELIVERY' ? 'On its way' : mode === 'DINE_IN' ? 'Served' : 'Picked up';

/** The order's way as steps, the current one marked; an order that ended early has none to show. */
export function stepsOf(view: TrackingView): Step[] {
  const at = PATH.indexOf(view.status as (typeof PATH)[number]);
  if (at < 0) return [];
  const labels = ['Received', 'Accepted', 'Being prepared', 'Ready', lastStep(view.fulfillment.mode)];
  return labels.map((label, i) => ({
    label,
    state: i < at || (i === at && i === PATH.length - 1) ? 'done' : i === at ? 'current' : 'todo',
  }));
}

/** A sentence for an order that will not go on, else null. */
export function endedText(view: TrackingView): string | null {
  if (view.status === 'REJECTED') return 'The restaurant could not take this order.';
  if (view.status === 'CANCELLED') return 'This order was cancelled.';
  return null;
}

/** "12:05" left, or null once the time has come. */
export function countdown(untilIso: string, now: number): string | null {
  const left = Math.ceil((Date.parse(untilIso) - now) / 1000);
  if (left <= 0) return null;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = String(left % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The headline about time: promised ready time with its countdown, a scheduled time, or what is going on. */
export function timeText(view: TrackingView, now: number): { title: string; detail: string | null } {
  const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (view.status === 'READY') return { title: 'Ready now', detail: null };
  if (view.status === 'PICKED_UP' || endedText(view)) return { title: 'Done', detail: null };
  if (view.promisedReadyAt) {
    const left = countdown(view.promisedReadyAt, now);
    return { title: `Ready at ${clock(view.promisedReadyAt)}`, detail: left ? `in ${left}` : 'any moment now' };
  }
  if (view.scheduled && view.pickupTime)
    return { title: `Scheduled for ${clock(view.pickupTime)}`, detail: 'Waiting for the restaurant to accept' };
  return { title: 'Waiting for the restaurant', detail: 'The ready time appears once the order is accepted' };
}

export const ITEM_STATUS_TEXT: Record<TrackingView['items'][number]['status'], string> = {
  QUEUED: 'Waiting',
  PREPARING: 'Preparing',
  READY: 'Ready',
  CANCELLED: 'Cancelled',
};
