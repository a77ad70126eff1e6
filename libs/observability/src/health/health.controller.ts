import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '#http';

/** A dependency readiness depends on: resolves when usable, rejects (or times out) when not. */
export interface ReadinessCheck {
  name: string;
  probe: () => Promise<void>;
}
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const PROBE_TIMEOUT_MS = 2_000;

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.checks.map((check) => async () => {
        const session = this.indicators.check(check.name);
        try {
          await probe(check);
          return session.up();
        } catch (error) {
          return session.down({ message: error instanceof Error ? error.message : String(error) });
        }
      }),
    );
  }
}

/** Resolves when the dependency answers within the probe timeout. */
export const probe = (check: ReadinessCheck): Promise<void> => withTimeout(check.probe(), PROBE_TIMEOUT_MS);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Readiness of a database: it answers a trivial query. */
export const databaseCheck = (name: string, db: { query(sql: string): Promise<unknown> }): ReadinessCheck => ({
  name,
  probe: () => db.query('SELECT 1').then(() => undefined),
});

/** Readiness of the broker: the reconnecting connection is up. */
export const brokerCheck = (name: string, connection: { isConnected(): boolean }): ReadinessCheck => ({
  name,
  probe: async () => {
    if (!connection.isConnected()) throw new Error('not connected');
  },
});
