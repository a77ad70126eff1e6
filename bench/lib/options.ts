import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** A running stack's gateway; without it the benchmark starts its own from dist/. */
  url?: string;
  /** Length of each load phase and of the broker ceiling. */
  seconds: number;
  warmupSeconds: number;
  /** Connection counts of the create phases. */
  connections: number[];
  lifecycleConnections: number;
  /** Complete orders (about 6 events each) queued while analytics is stopped. */
  backlogOrders: number;
  /** Longest wait for analytics to catch up after a phase. */
  settleSeconds: number;
  /** Keep the stack's database, vhost and logs afterwards. */
  keep: boolean;
  /** The phases whose CPU profile is taken in each service of a stack the benchmark starts. */
  profile: ProfiledPhase[];
  /** The phases run beside the full lifecycle, which always runs: every one unless --only names some. */
  phases: ReadonlySet<OptionalPhase>;
}

export const OPTIONAL_PHASES = ['create', 'edits', 'half-load', 'fairness', 'webhooks', 'drain'] as const;
export type OptionalPhase = (typeof OPTIONAL_PHASES)[number];

export const PROFILED_PHASES = ['create', 'lifecycle', 'edits', 'half-load', 'fairness', 'drain'] as const;
export type ProfiledPhase = (typeof PROFILED_PHASES)[number];

const USAGE = `npm run bench -- [options]
  --url URL                 a running stack's gateway (loopback); default: start one from dist/
  --seconds N               each load phase and the broker ceiling (default 10)
  --warmup N                unreported warm-up before the first phase (default 3)
  --connections A,B,C       create phases (default 16,64,256)
  --lifecycle-connections N full lifecycle load (default 64)
  --backlog N               complete orders queued while analytics is stopped (default 1500)
  --settle N                longest wait for analytics to catch up, per phase (default 60)
  --keep                    keep the database, vhost and service logs of a stack it started
  --only PHASE[,PHASE]      beside the full lifecycle (always run), only these of create, edits, half-load,
                            fairness, webhooks, drain (default: all)
  --webhooks-only           the same as --only webhooks
  --profile PHASE[,PHASE]   CPU profile of each service during these phases (create at the first --connections
                            count, lifecycle, edits, half-load, fairness, drain: from analytics' first stored
                            event):
                            .cpuprofile files in bench/results/, top 15 functions by self time printed (a
                            stack it starts only; figures of those phases include the profiler's cost)`;

export function parseOptions(argv = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      seconds: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16,64,256' },
      'lifecycle-connections': { type: 'string', default: '64' },
      backlog: { type: 'string', default: '1500' },
      settle: { type: 'string', default: '60' },
      keep: { type: 'boolean', default: false },
      'webhooks-only': { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) usage(`--${name} must be an integer of at least ${min}, got "${raw}"`);
    return n;
  };
  if (values.url !== undefined) assertLoopback(values.url, '--url');
  const profile = (values.profile?.split(',') ?? []).map((p) => p.trim()) as ProfiledPhase[];
  for (const phase of profile)
    if (!PROFILED_PHASES.includes(phase)) usage(`--profile takes phases of ${PROFILED_PHASES.join(', ')}, got "${phase}"`);
  if (profile.length && values.url !== undefined) usage('--profile needs a stack the benchmark starts: leave out --url');
  if (values['webhooks-only'] && values.only !== undefined) usage('--webhooks-only is --only webhooks: give one of them');
  const only = values['webhooks-only'] ? ['webhooks'] : values.only?.split(',').map((p) => p.trim());
  for (const phase of only ?? [])
    if (!OPTIONAL_PHASES.includes(phase as OptionalPhase))
      usage(`--only takes phases of ${OPTIONAL_PHASES.join(', ')}, got "${phase}"`);
  const phases = new Set((only ?? OPTIONAL_PHASES) as OptionalPhase[]);
  if ((phases.has('webhooks') || phases.has('fairness')) && only && values.url !== undefined)
    usage('the webhooks and fairness phases need a stack the benchmark starts: leave out --url');
  return {
    url: values.url?.replace(/\/$/, ''),
    seconds: int('seconds', values.seconds, 1),
    warmupSeconds: int('warmup', values.warmup, 0),
    connections: values.connections.split(',').map((c) => int('connections', c.trim(), 1)),
    lifecycleConnections: int('lifecycle-connections', values['lifecycle-connections'], 1),
    backlogOrders: int('backlog', values.backlog, 1),
    settleSeconds: int('settle', values.settle, 1),
    keep: values.keep,
    profile,
    phases,
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The benchmark loads only this machine: a typo must not aim it at someone else's server. */
export function assertLoopback(url: string, what: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return usage(`${what} is not a URL: "${url}"`);
  }
  if (!LOOPBACK.has(host)) usage(`${what} must be a loopback address (127.0.0.1, localhost, ::1), got "${host}"`);
}

function usage(problem: string): never {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}
