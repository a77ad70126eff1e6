import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('API_KEYS', () => {
  it('reads role:key pairs as unscoped grants and role:key:brand1|brand2 as scoped ones, for every role', () => {
    const { apiKeys } = loadConfig({
      API_KEYS: 'channel:channel-key-1,admin:admin-key-01:b1, staff:staff-key-01:b1|b2 ,analyst:analyst-key:b2|b2',
    });
    expect([...apiKeys]).toEqual([
      ['channel-key-1', { role: 'channel' }],
      ['admin-key-01', { role: 'admin', brandIds: ['b1'] }],
      ['staff-key-01', { role: 'staff', brandIds: ['b1', 'b2'] }],
      ['analyst-key', { role: 'analyst', brandIds: ['b2'] }],
    ]);
  });

  it.each([
    ['an empty scope', 'staff:staff-key-01:', /empty brand id/],
    ['an empty brand between bars', 'staff:staff-key-01:a||b', /empty brand id/],
    ['a brand id holding ":"', 'staff:staff-key-01:brand:1', /cannot contain ":"/],
    ['an unknown role', 'chef:chef-key-0001', /must be role:key or role:key:brand1\|brand2/],
    ['a short key', 'staff:short:b1', /at least 8 characters/],
  ])('refuses %s with a clear message', (_label, API_KEYS, message) => {
    const problems = problemsOf({ API_KEYS });
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('never repeats a key in its messages', () => {
    const problems = problemsOf({ API_KEYS: 'staff:super-secret-key:a:b,nobody:other-secret-key' });
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).not.toMatch(/secret/);
  });

  it('cannot name a brand holding "," in a scope: the rest reads as a malformed entry', () => {
    expect(problemsOf({ API_KEYS: 'staff:staff-key-01:brand,1' })).toEqual([expect.stringMatching(/brand ids cannot contain/)]);
  });
});

describe('MAX_IN_FLIGHT_REQUESTS', () => {
  it('defaults to 1000 and takes a positive integer', () => {
    expect(loadConfig({}).maxInFlightRequests).toBe(1000);
    expect(loadConfig({ MAX_IN_FLIGHT_REQUESTS: '64' }).maxInFlightRequests).toBe(64);
  });

  it.each(['0', '-1', 'many', '1.5'])('refuses %p', (value) => {
    expect(problemsOf({ MAX_IN_FLIGHT_REQUESTS: value })).toEqual([
      expect.stringMatching(/^MAX_IN_FLIGHT_REQUESTS must be an integer/),
    ]);
  });
});

describe('AMQP_HEARTBEAT_SECONDS', () => {
  it('defaults to 3 and takes whole seconds from 1 to 60', () => {
    expect(loadConfig({}).amqpHeartbeatSeconds).toBe(3);
    expect(loadConfig({ AMQP_HEARTBEAT_SECONDS: '15' }).amqpHeartbeatSeconds).toBe(15);
  });

  it.each(['0', '61', '2.5', 'often'])('refuses %p', (value) => {
    expect(problemsOf({ AMQP_HEARTBEAT_SECONDS: value })).toEqual([
      expect.stringMatching(/^AMQP_HEARTBEAT_SECONDS must be an integer/),
    ]);
  });
});

describe('SCHEDULE_THRESHOLD_MS and DEFAULT_PREP_MINUTES', () => {
  it('default to an hour and 15 minutes and take integers in range', () => {
    expect(loadConfig({})).toMatchObject({ scheduleThresholdMs: 3_600_000, defaultPrepMinutes: 15 });
    expect(loadConfig({ SCHEDULE_THRESHOLD_MS: '2000', DEFAULT_PREP_MINUTES: '240' })).toMatchObject({
      scheduleThresholdMs: 2000,
      defaultPrepMinutes: 240,
    });
  });

  it.each([
    ['SCHEDULE_THRESHOLD_MS', '999'],
    ['SCHEDULE_THRESHOLD_MS', 'an hour'],
    ['DEFAULT_PREP_MINUTES', '0'],
    ['DEFAULT_PREP_MINUTES', '241'],
    ['DEFAULT_PREP_MINUTES', '7.5'],
  ])('refuses %s=%p', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name} must be an integer`))]);
  });
});

describe('TRACKING_TTL_MS', () => {
  it('defaults to a day and takes 0 (links end with the order) up to a year', () => {
    expect(loadConfig({}).trackingTtlMs).toBe(86_400_000);
    expect(loadConfig({ TRACKING_TTL_MS: '0' }).trackingTtlMs).toBe(0);
  });

  it.each(['-1', 'a day', '1.5', String(366 * 24 * 3_600_000)])('refuses TRACKING_TTL_MS=%p', (value) => {
    expect(problemsOf({ TRACKING_TTL_MS: value })).toEqual([expect.stringMatching(/^TRACKING_TTL_MS must be an integer/)]);
  });
});

describe('METRICS_BRANDS', () => {
  it('defaults to none and reads a comma-separated list, blanks and repeats dropped', () => {
    expect(loadConfig({}).metricsBrands).toEqual([]);
    expect(loadConfig({ METRICS_BRANDS: ' b1, b2,,b1 ' }).metricsBrands).toEqual(['b1', 'b2']);
  });

  it('refuses more than 100 brands and the name of the bucket of all others', () => {
    const many = Array.from({ length: 101 }, (_, i) => `brand-${i}`).join(',');
    expect(problemsOf({ METRICS_BRANDS: many })).toEqual([
      expect.stringMatching(/^METRICS_BRANDS names 101 brands, at most 100/),
    ]);
    expect(problemsOf({ METRICS_BRANDS: 'b1,other' })).toEqual([expect.stringMatching(/^METRICS_BRANDS cannot name "other"/)]);
  });
});

describe('CORS_ORIGINS', () => {
  it('is off (no origin) by default', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it('takes comma-separated origins, lower-cased as browsers send them, or * alone', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://Shop.example.com, http://localhost:5173' }).corsOrigins).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it.each([
    ['a path', 'https://shop.example.com/app', /must be an origin/],
    ['a trailing slash', 'https://shop.example.com/', /must be an origin/],
    ['another scheme', 'ftp://shop.example.com', /must be an origin/],
    ['a bare host', 'shop.example.com', /must be an origin/],
    ['* beside origins', '*,https://shop.example.com', /\* alone/],
  ])('refuses %s, naming the variable', (_label, CORS_ORIGINS, message) => {
    expect(problemsOf({ CORS_ORIGINS })).toEqual([expect.stringMatching(message)]);
    expect(problemsOf({ CORS_ORIGINS })[0]).toMatch(/^CORS_ORIGINS/);
  });
});

describe('ADMIN_PORT', () => {
  it('is unset by default (every route on PORT) and otherwise a port of its own', () => {
    expect(loadConfig({}).adminPort).toBeUndefined();
    expect(loadConfig({ ADMIN_PORT: ' ' }).adminPort).toBeUndefined();
    expect(loadConfig({ ADMIN_PORT: '9100' }).adminPort).toBe(9100);
  });

  it.each([
    [{ ADMIN_PORT: '0' }, /^ADMIN_PORT must be an integer from 1 to 65535/],
    [{ ADMIN_PORT: 'admin' }, /^ADMIN_PORT must be an integer/],
    [{ ADMIN_PORT: '3000' }, /^ADMIN_PORT must differ from PORT \(both 3000\)/],
    [{ PORT: '8080', ADMIN_PORT: '8080' }, /^ADMIN_PORT must differ from PORT/],
  ])('refuses %p', (env, problem) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(problem)]);
  });
});

describe('ORDER_RETENTION_DAYS', () => {
  it('is unset by default (never archive) and otherwise whole days', () => {
    expect(loadConfig({}).orderRetentionMs).toBeUndefined();
    expect(loadConfig({ ORDER_RETENTION_DAYS: '' }).orderRetentionMs).toBeUndefined();
    expect(loadConfig({ ORDER_RETENTION_DAYS: '30' }).orderRetentionMs).toBe(30 * 86_400_000);
  });

  it.each([[{ ORDER_RETENTION_DAYS: '0' }], [{ ORDER_RETENTION_DAYS: '1.5' }], [{ ORDER_RETENTION_DAYS: 'forever' }]])(
    'refuses %p',
    (env) => {
      expect(problemsOf(env)).toEqual([expect.stringMatching(/^ORDER_RETENTION_DAYS must be an integer from 1 to 36500/)]);
    },
  );
});

describe('RATE_LIMITS', () => {
  it('is empty by default (no key is limited) and reads role:perSecond[/burst] pairs', () => {
    expect(loadConfig({}).rateLimits.size).toBe(0);
    expect([...loadConfig({ RATE_LIMITS: 'channel:200/400, staff:50,analyst:0.5' }).rateLimits]).toEqual([
      ['channel', { perSecond: 200, burst: 400 }],
      ['staff', { perSecond: 50, burst: 100 }],
      ['analyst', { perSecond: 0.5, burst: 1 }],
    ]);
  });

  it.each(['channel', 'channel:', 'robot:5', 'channel:0', 'channel:-1', 'channel:5/0', 'channel:x/2', 'channel:1,channel:2'])(
    'refuses %p',
    (value) => {
      expect(problemsOf({ RATE_LIMITS: value })).toEqual([expect.stringMatching(/^RATE_LIMITS /)]);
    },
  );
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('turns tracing on with an http(s) endpoint, and leaves it off when unset or when OTEL_SDK_DISABLED is true', () => {
    expect(loadConfig({}).tracing).toEqual({});
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }).tracing).toEqual({
      otlpEndpoint: 'http://jaeger:4318',
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toEqual({});
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).toEqual([
      expect.stringMatching(/OTEL_EXPORTER_OTLP_ENDPOINT must use http: or https:/),
    ]);
  });
});
