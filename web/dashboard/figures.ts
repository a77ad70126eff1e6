import type {
  CustomerLifetime,
  PunctualityView,
  StatusDurationsView,
  SummaryView,
  ThroughputView,
} from '../../libs/contracts/src/analytics';
import { api, ApiError } from '../shared/api';
import { latestRange, type Range, type RangeChoice, rangeOfBuckets } from './range';

export interface Filters {
  choice: RangeChoice;
  /** null: every brand the key may see. */
  brandId: string | null;
  customersLimit: number;
}

/** One refresh's answers, with the range, zone and brand they were asked for; null where that call failed. */
export interface Figures {
  range: Range;
  brandId: string | null;
  throughput: ThroughputView | null;
  orderDurations: StatusDurationsView | null;
  itemDurations: StatusDurationsView | null;
  summary: SummaryView | null;
  customers: CustomerLifetime[] | null;
  punctuality: PunctualityView | null;
  /** The request behind each panel, for its CSV download. */
  paths: { throughput: string; orderDurations: string; itemDurations: string; customers: string; punctuality: string };
}

/** What stops the page from showing current figures, in the terms the page acts on. */
export type LoadProblem =
  | { kind: 'refused'; message: string }
  | { kind: 'offline'; message: string }
  | { kind: 'brand'; message: string }
  | { kind: 'rejected'; message: string };

const query = (params: Record<string, string | number | null>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter((e): e is [string, string | number] => e[1] !== null)
      .map(([k, v]) => [k, String(v)]),
  ).toString();

const iso = (ms: number) => new Date(ms).toISOString();
const value = <T>(a: PromiseSettledResult<T>) => (a.status === 'fulfilled' ? a.value : null);

/**
 * Every figure of the page from the public analytics endpoints. Fixed ends are asked as they are.
 * The latest buckets are asked as the API defines them, throughput without `from` and `to`; the
 * window it answers is then the one punctuality and the status durations are asked for, so every
 * panel covers the same buckets even when a boundary passes between the calls.
 */
export async function loadFigures(
  filters: Filters,
  now: number,
  signal: AbortSignal,
): Promise<{ figures: Figures; problem: LoadProblem | null }> {
  const { choice, brandId } = filters;
  const { granularity, tz } = choice;
  const get = <T>(path: string) => api<T>(path, { signal }).then((r) => r.body);
  const throughputOf = (span: { from: string; to: string } | null) =>
    `/v1/analytics/throughput?${query({ ...span, granularity, tz, brandId })}`;
  const customersPath = `/v1/analytics/customers?${query({ limit: filters.customersLimit })}`;
  const fixed = choice.fixed && { from: iso(choice.fixed.from), to: iso(choice.fixed.to) };

  const [throughput, summary, customers] = await Promise.allSettled([
    get<ThroughputView>(throughputOf(fixed)),
    get<SummaryView>(`/v1/analytics/summary${brandId === null ? '' : `?${query({ brandId })}`}`),
    get<{ items: CustomerLifetime[] }>(customersPath),
  ]);
  const answered = value(throughput);
  const range: Range =
    (choice.fixed && { ...choice.fixed, granularity, tz }) ??
    (answered &&
      rangeOfBuckets(
        answered.buckets.map((b) => b.start),
        granularity,
        tz,
      )) ??
    latestRange(granularity, tz, now);
  const span = { from: iso(range.from), to: iso(range.to) };
  const paths = {
    throughput: throughputOf(span),
    orderDurations: `/v1/analytics/status-durations?${query({ ...span, tz, scope: 'order', brandId })}`,
    itemDurations: `/v1/analytics/status-durations?${query({ ...span, tz, scope: 'item', brandId })}`,
    customers: customersPath,
    punctuality: `/v1/analytics/punctuality?${query({ ...span, granularity, tz, brandId })}`,
  };
  const [orderDurations, itemDurations, punctuality] = await Promise.allSettled([
    get<StatusDurationsView>(paths.orderDurations),
    get<StatusDurationsView>(paths.itemDurations),
    get<PunctualityView>(paths.punctuality),
  ]);
  const answers = [throughput, orderDurations, itemDurations, summary, customers, punctuality];
  return {
    figures: {
      range,
      brandId,
      throughput: answered,
      orderDurations: value(orderDurations),
      itemDurations: value(itemDurations),
      summary: value(summary),
      customers: value(customers)?.items ?? null,
      punctuality: value(punctuality),
      paths,
    },
    problem: problemOf(
      answers.map((a) => (a.status === 'rejected' ? a.reason : null)),
      brandId,
    ),
  };
}

/**
 * The one failure worth telling, most serious first. The customers call names no brand, so a 403
 * there is the key's role; a 403 only on the brand-filtered calls is a brand outside the key's scope.
 */
function problemOf(reasons: unknown[], brandId: string | null): LoadProblem | null {
  const errors = reasons.filter((r) => r !== null).map((r) => (r instanceof ApiError ? r : unexpected(r)));
  const customersFailure = reasons[4] instanceof ApiError ? reasons[4] : null;
  const refusal = errors.find((e) => e.kind === 'wrong-key' || e.kind === 'no-key');
  if (refusal) return { kind: 'refused', message: refusal.message };
  const forbidden = errors.find((e) => e.kind === 'wrong-role');
  if (forbidden && (customersFailure?.kind === 'wrong-role' || brandId === null)) {
    return { kind: 'refused', message: `This key cannot read analytics. ${forbidden.message} Enter an analyst key.` };
  }
  const offline = errors.find((e) => e.kind === 'unreachable' || e.kind === 'unavailable');
  if (offline) return { kind: 'offline', message: offline.message };
  if (forbidden) return { kind: 'brand', message: forbidden.message };
  const rejected = errors[0];
  if (!rejected) return null;
  const fields = rejected.problem?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  return { kind: 'rejected', message: fields ? `${rejected.message} (${fields})` : rejected.message };
}

const unexpected = (reason: unknown) =>
  new ApiError('rejected', null, null, reason instanceof Error ? reason.message : String(reason));
