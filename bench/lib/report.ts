import type { Ceiling } from './ceiling.js';
import type { FairnessResult } from './fairness.js';
import type { DrainResult, PhaseResult } from './phases.js';
import type { ServiceName } from './stack.js';
import type { WebhooksResult } from './webhooks.js';

export interface Row {
  key: string;
  label: string;
  unit: string;
  values: (number | null)[];
  /** The first value divided by the broker ceiling, for rates. */
  ratio?: number | null;
  goal?: string;
  met?: boolean | null;
  note?: string;
}

export interface Results {
  ceiling: Ceiling;
  creates: { connections: number; phase: PhaseResult }[];
  lifecycle: { connections: number; phase: PhaseResult };
  /** Lifecycles with one quantity change and one removal; absent from results written before edits existed. */
  edits?: { connections: number; phase: PhaseResult };
  /** Absent from a run whose --only leaves it out, as is every phase but the full lifecycle. */
  halfLoad?: { perSecond: number; phase: PhaseResult };
  /** Only with a stack the benchmark started. */
  fairness?: FairnessResult;
  drain?: DrainResult;
  /** Only with a stack the benchmark started; absent from results written before the phase existed. */
  webhooks?: WebhooksResult;
  peakRssMb: Partial<Record<ServiceName, number>>;
}

const CREATE_GOAL_CONNECTIONS = 64;
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** Every figure as one row of the table, with its ratio to the ceiling and its goal where it has one. */
export function rowsOf(r: Results): Row[] {
  const ceiling = r.ceiling.messagesPerSecond;
  const ratio = (v: number | null) => (v === null || !ceiling ? null : v / ceiling);
  const atLeast = (v: number | null, share: number) => (v === null ? null : v >= share * ceiling);
  const rows: Row[] = [
    {
      key: 'ceiling',
      label: 'broker ceiling (amqplib, 600 B persistent, confirms)',
      unit: 'msg/s',
      values: [ceiling],
      ratio: 1,
    },
  ];
  const phaseRows = (
    key: string,
    title: string,
    unit: string,
    p: PhaseResult,
    goals: Partial<Record<string, [string, boolean | null]>>,
  ) => {
    const out: Row[] = [
      { key: `${key}.rate`, label: title, unit, values: [p.rate], ratio: ratio(p.rate) },
      {
        key: `${key}.latency`,
        label: '  latency p50 / p95 / p99',
        unit: 'ms',
        values: [p.load.latency.p50, p.load.latency.p95, p.load.latency.p99],
      },
      {
        key: `${key}.visible`,
        label: '  until analytics reflects every order',
        unit,
        values: [p.visibleRate],
        ratio: ratio(p.visibleRate),
        note: p.caughtUp ? undefined : 'not caught up within the settle time',
      },
      {
        key: `${key}.freshness`,
        label: '  analytics freshness p50 / p99',
        unit: 'ms',
        values: [p.freshness.p50, p.freshness.p99],
        note: p.freshness.unavailable,
      },
      {
        key: `${key}.cpu`,
        label: '  CPU, all processes',
        unit: 'ms/order',
        values: [p.handled ? sum(p.cpuMs) / p.handled : null],
      },
      {
        key: `${key}.commits`,
        label: '  PostgreSQL commits, stack database',
        unit: 'per order',
        values: [p.handled && p.commits !== undefined ? p.commits / p.handled : null],
      },
    ];
    for (const row of out) {
      const goal = goals[row.key.slice(key.length + 1)];
      if (goal) [row.goal, row.met] = goal;
    }
    // 202: not stored within INTAKE_WAIT_MS; anything else was refused or failed.
    const notable = Object.entries(p.load.outcomes).filter(([code]) => code === '202' || !/^2/.test(code));
    if (notable.length) out[0].note = notable.map(([code, n]) => `${n} × ${code}`).join(', ');
    return out;
  };

  for (const { connections, phase } of r.creates) {
    const goal = connections === CREATE_GOAL_CONNECTIONS;
    const cpuPerOrder = phase.handled ? sum(phase.cpuMs) / phase.handled : null;
    rows.push(
      ...phaseRows(`create${connections}`, `create, ${connections} connections`, 'orders/s', phase, {
        rate: goal ? ['≥ 0.08 × ceiling', atLeast(phase.rate, 0.08)] : undefined,
        latency: goal ? ['p99 < 150 ms', phase.load.latency.p99 === null ? null : phase.load.latency.p99 < 150] : undefined,
        visible: goal ? ['≥ 0.05 × ceiling', atLeast(phase.caughtUp ? phase.visibleRate : null, 0.05)] : undefined,
        cpu: goal ? ['≤ 2.5 ms', cpuPerOrder === null ? null : cpuPerOrder <= 2.5] : undefined,
      }),
    );
  }
  const { lifecycle, halfLoad } = r;
  rows.push(
    ...phaseRows('lifecycle', `full lifecycle, ${lifecycle.connections} connections`, 'orders/s', lifecycle.phase, {
      visible: ['≥ 0.025 × ceiling', atLeast(lifecycle.phase.caughtUp ? lifecycle.phase.visibleRate : null, 0.025)],
    }),
    ...(r.edits
      ? phaseRows(
          'edits',
          `lifecycle with a quantity change and a removal, ${r.edits.connections} connections`,
          'orders/s',
          r.edits.phase,
          {},
        )
      : []),
    ...(halfLoad
      ? phaseRows('half', `lifecycle at half that (${halfLoad.perSecond.toFixed(1)} started/s)`, 'orders/s', halfLoad.phase, {
          freshness: ['p99 < 1000 ms', halfLoad.phase.freshness.p99 === null ? null : halfLoad.phase.freshness.p99 < 1000],
        })
      : []),
    ...fairnessRows(r.fairness),
    ...(r.webhooks ? webhookRows(r.webhooks, lifecycle.connections) : []),
    ...(r.drain ? drainRows(r.drain) : []),
  );
  function drainRows(drain: DrainResult): Row[] {
    return [
      {
        key: 'drain',
        label: 'analytics draining a backlog',
        unit: 'events/s',
        values: [drain.eventsPerSecond],
        ratio: ratio(drain.eventsPerSecond),
        goal: '≥ 0.4 × ceiling',
        met: atLeast(drain.eventsPerSecond, 0.4),
        note: drain.unavailable ?? `${drain.drainedEvents} of ${drain.backlogEvents} queued events`,
      },
      ...Object.entries(drain.cpuMs ?? {}).map(([group, ms]) => ({
        key: `drain.cpu.${group}`,
        label: `  CPU per drained event: ${group}`,
        unit: 'ms/event',
        values: [drain.meteredEvents ? ms / drain.meteredEvents : null],
      })),
    ];
  }

  /** What a subscription adds, all processes: CPU per order beyond the phase without one, per event received. */
  function addedCpuPerEvent(w: WebhooksResult, without: PhaseResult): number | null {
    if (!w.delivered || !w.phase.handled || !without.handled) return null;
    return ((sum(w.phase.cpuMs) / w.phase.handled - sum(without.cpuMs) / without.handled) * w.phase.handled) / w.delivered;
  }

  function webhookRows(w: WebhooksResult, connections: number): Row[] {
    return [
      ...phaseRows(
        'webhooks',
        `full lifecycle, one webhook subscribed to every event, ${connections} conn.`,
        'orders/s',
        w.phase,
        {},
      ),
      {
        key: 'webhooks.delivered',
        label: '  events received by the endpoint',
        unit: 'events/s',
        values: [w.deliveredPerSecond],
        ratio: ratio(w.deliveredPerSecond),
        note: `${w.delivered} events, ${w.repeats} received again`,
      },
      {
        key: 'webhooks.latency',
        label: '  from the change to its receipt, p50 / p99',
        unit: 'ms',
        values: [w.latency.p50, w.latency.p99],
      },
      {
        key: 'webhooks.cpu',
        label: '  CPU per event received: analytics / added to all processes',
        unit: 'ms/event',
        values: w.delivered ? [(w.phase.cpuMs.analytics ?? 0) / w.delivered, addedCpuPerEvent(w, lifecycle.phase)] : [null, null],
        note: 'added: CPU per complete order beside the phase without webhooks, times orders, per event',
      },
    ];
  }

  const create64 = r.creates.find((c) => c.connections === CREATE_GOAL_CONNECTIONS) ?? r.creates[0];
  if (create64) {
    for (const [group, ms] of Object.entries(create64.phase.cpuMs)) {
      rows.push({
        key: `cpu.${group}`,
        label: `CPU per created order (${create64.connections} conn.): ${group}`,
        unit: 'ms/order',
        values: [create64.phase.handled ? ms / create64.phase.handled : null],
      });
    }
  }
  for (const [group, ms] of Object.entries(lifecycle.phase.cpuMs)) {
    rows.push({
      key: `cpu.lifecycle.${group}`,
      label: `CPU per complete lifecycle (${lifecycle.connections} conn.): ${group}`,
      unit: 'ms/order',
      values: [lifecycle.phase.handled ? ms / lifecycle.phase.handled : null],
    });
  }
  for (const [service, mb] of Object.entries(r.peakRssMb)) {
    rows.push({
      key: `rss.${service}`,
      label: `peak RSS: ${service}`,
      unit: 'MB',
      values: [mb],
      goal: '≤ 200 MB',
      met: mb <= 200,
    });
  }
  return rows;
}

const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);

function delta(now: Row, before: Row | undefined): string {
  if (!before) return '';
  return now.values
    .map((v, i) => {
      const p = before.values[i];
      if (v === null || p === null || p === undefined || p === 0) return '–';
      const pct = ((v - p) / p) * 100;
      return `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%`;
    })
    .join(' / ');
}

/** The table as text: one line per figure, its previous run's change last. */
export function formatTable(rows: Row[], previous?: Row[]): string {
  const prev = new Map(previous?.map((r) => [r.key, r]));
  const cells = rows.map((r) => [
    r.label,
    r.values.map(fmt).join(' / '),
    r.unit,
    r.ratio === undefined ? '' : r.ratio === null ? 'n/a' : `${r.ratio.toFixed(4)} ×`,
    r.goal ?? '',
    r.goal === undefined ? '' : r.met === null || r.met === undefined ? '?' : r.met ? 'met' : 'NOT met',
    delta(r, prev.get(r.key)),
    r.note ?? '',
  ]);
  const header = ['figure', 'value', 'unit', 'ceiling', 'goal', '', previous ? 'Δ previous' : '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i === 1 || i === 3 ? x.padStart(widths[i]) : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/**
 * The quiet key beside a flooding one: its p99 within 20 % of its p99 beside the same key at its limit
 * (what the flood's excess costs), and nothing refused; its p99 alone is shown beside.
 */
function fairnessRows(f: FairnessResult | undefined): Row[] {
  if (!f) return [];
  const { quietAlone: alone, quietBesideLimit: limit, quietBesideFlood: beside, flood } = f;
  const within = limit.p99 === null || beside.p99 === null ? null : beside.p99 <= limit.p99 * 1.2;
  return [
    {
      key: 'fairness.flood',
      label: 'one channel key flooding: offered / accepted / refused',
      unit: 'req/s',
      values: [flood.offeredPerSecond, flood.acceptedPerSecond, flood.refusedPerSecond],
    },
    {
      key: 'fairness.quiet',
      label: '  another key at 20/s: p99 alone / beside it at its limit / flooding',
      unit: 'ms',
      values: [alone.p99, limit.p99, beside.p99],
      goal: 'flooding within 20 % of at its limit',
      met: within,
    },
    {
      key: 'fairness.cpuPerRefusal',
      label: '  gateway CPU per refused request (flood windows less limit windows)',
      unit: 'ms',
      values: [f.gatewayCpuPerRefusalMs ?? null],
    },
    {
      key: 'fairness.failed',
      label: '  its answers other than 2xx, alone / at its limit / flooding',
      unit: 'requests',
      values: [alone.failed, limit.failed, beside.failed],
      goal: '0',
      met: alone.failed + limit.failed + beside.failed === 0,
    },
  ];
}
