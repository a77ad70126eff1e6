import { parseSealingKeys, type WebhookConfig } from './webhook-config.js';

/**
 * The environment, parsed once at start-up into a typed object. Nothing else reads process.env.
 * Every malformed variable is reported together, so one restart fixes them all.
 */
export const API_ROLES = ['channel', 'staff', 'analyst', 'internal', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** What one API key may do: its role, and the brands it is confined to (none: every brand). */
export interface ApiKeyGrant {
  role: ApiRole;
  brandIds?: readonly string[];
}

export interface AppConfig {
  databaseUrl: string;
  amqpUrl: string;
  /** api-gateway HTTP port. */
  port: number;
  /**
   * A second gateway listener for the routes only admin and internal keys may call, and /metrics;
   * set, those answer there only and the public port answers 404 for them (CONTRACT section 1).
   */
  adminPort?: number;
  /** HTTP ports of the orders and analytics services (health and metrics). */
  ordersPort: number;
  analyticsPort: number;
  /** Key -> grant, from `role:key` or `role:key:brandA|brandB` pairs. */
  apiKeys: ReadonlyMap<string, ApiKeyGrant>;
  /** Requests the gateway works on at once; beyond, it answers 503 with Retry-After before reading the body. */
  maxInFlightRequests: number;
  /** Requests per second, and the burst above it, each key of a role may send to one gateway; roles absent are not limited. */
  rateLimits: ReadonlyMap<ApiRole, RateLimit>;
  orderAcceptTimeoutMs: number;
  /** Orders terminal (and unchanged) for longer than this move to the archive; absent: never. */
  orderRetentionMs?: number;
  /** An order for more than this after receipt is scheduled (CONTRACT section 6). */
  scheduleThresholdMs: number;
  /** A brand's prep estimate while it has too few recent orders of its own. */
  defaultPrepMinutes: number;
  intakeWaitMs: number;
  /** A tracking link works until its order has been in a terminal status this long. */
  trackingTtlMs: number;
  /** How long a status change or query waits for the orders service before answering 503. */
  rpcTimeoutMs: number;
  /** Messages taken at once by each consumer. */
  /** Seconds between AMQP heartbeats on every connection: the broker closes one that missed two. */
  amqpHeartbeatSeconds: number;
  prefetch: number;
  /** `classic` on one broker; `quorum` for a replicated cluster. */
  queueType: 'classic' | 'quorum';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Brands counted under their own id in metrics; every other brand counts as `other`, so series stay bounded. */
  metricsBrands: readonly string[];
  /** Origins browsers may call the gateway from (`['*']`: any); empty: CORS off. */
  corsOrigins: readonly string[];
  /** The built kitchen display and analytics dashboard the gateway serves at /kitchen and /dashboard. */
  webDir: string;
  /** Webhooks for ordering channels (CONTRACT section 9). */
  webhooks: WebhookConfig;
  /**
   * OpenTelemetry traces, exported over OTLP when an endpoint is set (and `OTEL_SDK_DISABLED` is not
   * `true`); the SDK reads its other `OTEL_*` variables itself. Unset: no tracing at all.
   */
  tracing: { otlpEndpoint?: string };
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** The `brand` label of every brand not in METRICS_BRANDS. */
export const OTHER_BRANDS_LABEL = 'other';
const MAX_METRICS_BRANDS = 100;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string, fallback: string) => env[name]?.trim() || fallback;

  const url = (name: string, fallback: string, protocols: string[]): string => {
    const value = str(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      problems.push(`${name} is not a URL: "${value}"`);
    }
    return value;
  };

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const value = str(name, fallback);
    if (!(allowed as readonly string[]).includes(value)) {
      problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return value as T;
  };

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (raw !== 'true' && raw !== 'false') problems.push(`${name} must be true or false, got "${raw.slice(0, 20)}"`);
    return raw === 'true';
  };

  /** `scheme://host[:port]` origins, comma-separated, or `*` alone. */
  const origins = (name: string): string[] => {
    const entries = str(name, '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    if (entries.includes('*')) {
      if (entries.length > 1) problems.push(`${name} must be * alone or a list of origins, not both`);
      return ['*'];
    }
    for (const entry of entries) {
      if (webOrigin(entry) !== entry.toLowerCase()) {
        problems.push(
          `${name} entry "${entry.slice(0, 100)}" must be an origin: http(s)://host[:port], no path or trailing slash`,
        );
      }
    }
    return [...new Set(entries.map((e) => e.toLowerCase()))];
  };

  const tracingDisabled = bool('OTEL_SDK_DISABLED', false);
  const config: AppConfig = {
    databaseUrl: url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/orders', ['postgres:', 'postgresql:']),
    amqpUrl: url('AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
    port: int('PORT', 3000, 1, 65535),
    ...(env.ADMIN_PORT?.trim() ? { adminPort: int('ADMIN_PORT', 0, 1, 65535) } : {}),
    ordersPort: int('ORDERS_PORT', 3001, 1, 65535),
    analyticsPort: int('ANALYTICS_PORT', 3002, 1, 65535),
    apiKeys: parseApiKeys(env.API_KEYS, problems),
    orderAcceptTimeoutMs: int('ORDER_ACCEPT_TIMEOUT_MS', 300_000, 1_000, 7 * 24 * 3_600_000),
    ...(env.ORDER_RETENTION_DAYS?.trim() ? { orderRetentionMs: int('ORDER_RETENTION_DAYS', 0, 1, 36_500) * 24 * 3_600_000 } : {}),
    scheduleThresholdMs: int('SCHEDULE_THRESHOLD_MS', 3_600_000, 1_000, 7 * 24 * 3_600_000),
    defaultPrepMinutes: int('DEFAULT_PREP_MINUTES', 15, 1, 240),
    intakeWaitMs: int('INTAKE_WAIT_MS', 2_000, 0, 60_000),
    trackingTtlMs: int('TRACKING_TTL_MS', 86_400_000, 0, 365 * 24 * 3_600_000),
    maxInFlightRequests: int('MAX_IN_FLIGHT_REQUESTS', 1_000, 1, 1_000_000),
    rateLimits: parseRateLimits(env.RATE_LIMITS, problems),
    rpcTimeoutMs: int('RPC_TIMEOUT_MS', 5_000, 100, 120_000),
    prefetch: int('AMQP_PREFETCH', 64, 1, 10_000),
    amqpHeartbeatSeconds: int('AMQP_HEARTBEAT_SECONDS', 3, 1, 60),
    queueType: oneOf('AMQP_QUEUE_TYPE', 'classic', ['classic', 'quorum'] as const),
    logLevel: oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    metricsBrands: parseMetricsBrands(str('METRICS_BRANDS', ''), problems),
    corsOrigins: origins('CORS_ORIGINS'),
    webDir: str('WEB_DIR', 'dist/web'),
    webhooks: {
      ...parseSealingKeys(env.WEBHOOK_SECRET_KEY, env.WEBHOOK_SECRET_PREVIOUS_KEYS, problems),
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      allowHttp: bool('WEBHOOK_ALLOW_HTTP', false),
      allowPrivateNetworks: bool('WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
      retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 5_000, 10, 10_000),
      retryMaxDelayMs: int('WEBHOOK_RETRY_MAX_DELAY_MS', 3_600_000, 10, 24 * 3_600_000),
      retryForMs: int('WEBHOOK_RETRY_FOR_MS', 24 * 3_600_000, 100, 7 * 24 * 3_600_000),
      disableAfterMs: int('WEBHOOK_DISABLE_AFTER_MS', 24 * 3_600_000, 100, 30 * 24 * 3_600_000),
      maxInFlightPerEndpoint: int('WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT', 16, 1, 64),
      pollMs: int('WEBHOOK_POLL_MS', 1_000, 10, 60_000),
      retentionMs: int('WEBHOOK_RETENTION_DAYS', 30, 1, 3_650) * 24 * 3_600_000,
    },
    tracing:
      tracingDisabled || !env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()
        ? {}
        : { otlpEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', '', ['http:', 'https:']) },
  };
  if (config.adminPort !== undefined && config.adminPort === config.port)
    problems.push(`ADMIN_PORT must differ from PORT (both ${config.port})`);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The serialized origin of an http(s) URL (lower case, default port dropped), else undefined. */
function webOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const RATE_LIMIT = /^([a-z]+):(\d+(?:\.\d+)?)(?:\/(\d+))?$/;

/**
 * `role:perSecond[/burst]` pairs, e.g. `channel:200/400,staff:50`: each key of the role may send
 * `perSecond` requests a second on average and `burst` at once (default: twice `perSecond`, at least 1).
 */
function parseRateLimits(raw: string | undefined, problems: string[]): ReadonlyMap<ApiRole, RateLimit> {
  const limits = new Map<ApiRole, RateLimit>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = RATE_LIMIT.exec(entry);
    const role = match?.[1] as ApiRole | undefined;
    const perSecond = Number(match?.[2]);
    const burst = match?.[3] === undefined ? Math.max(1, Math.ceil(perSecond * 2)) : Number(match[3]);
    if (!match || !API_ROLES.includes(role!) || !(perSecond > 0) || perSecond > 1_000_000 || burst < 1 || burst > 1_000_000) {
      problems.push(
        `RATE_LIMITS entry "${entry.slice(0, 60)}" must be role:perSecond or role:perSecond/burst, role one of ${API_ROLES.join(', ')}, ` +
          'perSecond above 0 and burst at least 1 (both at most 1000000)',
      );
    } else if (limits.has(role!)) problems.push(`RATE_LIMITS names ${role} twice`);
    else limits.set(role!, { perSecond, burst });
  }
  return limits;
}

const ENTRY_FORMAT = `role:key or role:key:brand1|brand2 with role one of ${API_ROLES.join(', ')} (brand ids cannot contain ",", ":" or "|")`;

/**
 * `role:key` pairs, comma-separated; a pair may end in `:brand1|brand2` to scope the key to those
 * brands. So neither keys nor scoped brand ids can hold `,` or `:`, nor brand ids `|`.
 */
function parseApiKeys(raw: string | undefined, problems: string[]): Map<string, ApiKeyGrant> {
  const keys = new Map<string, ApiKeyGrant>();
  if (!raw?.trim()) return keys;
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [role = '', key = '', scope, ...rest] = pair.split(':');
    // Never echo a whole entry: it holds a secret.
    const shown = `"${role.slice(0, 16)}:…"`;
    if (!(API_ROLES as readonly string[]).includes(role) || pair.indexOf(':') < 1) {
      problems.push(`API_KEYS entry ${shown} must be ${ENTRY_FORMAT}`);
    } else if (rest.length) {
      problems.push(
        `API_KEYS entry ${shown} has more than three ":"-separated parts: keys and brand ids in a scope cannot contain ":"`,
      );
    } else if (key.length < 8) {
      problems.push(`API_KEYS key for role ${role} must be at least 8 characters`);
    } else if (keys.has(key)) {
      problems.push(`API_KEYS lists the same key twice (roles ${keys.get(key)!.role} and ${role})`);
    } else if (scope === undefined) {
      keys.set(key, { role: role as ApiRole });
    } else {
      const brandIds = scope.split('|').map((b) => b.trim());
      if (brandIds.some((b) => b === '')) {
        problems.push(
          `API_KEYS entry ${shown} has an empty brand id in its scope: write role:key:brand1|brand2 (brand ids cannot contain ",", ":" or "|")`,
        );
      } else {
        keys.set(key, { role: role as ApiRole, brandIds: [...new Set(brandIds)] });
      }
    }
  }
  return keys;
}

function parseMetricsBrands(raw: string, problems: string[]): string[] {
  const brands = [...new Set(raw.split(',').map((b) => b.trim()))].filter(Boolean);
  if (brands.length > MAX_METRICS_BRANDS) {
    problems.push(`METRICS_BRANDS names ${brands.length} brands, at most ${MAX_METRICS_BRANDS}: each is a series of its own`);
  }
  if (brands.includes(OTHER_BRANDS_LABEL)) {
    problems.push(`METRICS_BRANDS cannot name "${OTHER_BRANDS_LABEL}": it is the label of every brand not listed`);
  }
  return brands;
}
