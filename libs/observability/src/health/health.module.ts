import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from './health.controller.js';

/** `/health/live` (the process answers) and `/health/ready` (its dependencies answer too). */
@Module({})
export class HealthModule {
  static forChecks(checks: Omit<Provider<ReadinessCheck[]>, 'provide'> & { inject?: unknown[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [{ provide: READINESS_CHECKS, ...checks } as Provider],
    };
  }
}
