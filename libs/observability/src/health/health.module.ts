import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, READINESS_CHECKS, type ReadinessCheck } from './health.controller.js';
import { ReadinessMetric } from './readiness.metric.js';

/** `/health/live` (the process answers) and `/health/ready` (its dependencies answer too), and `service_ready` for alerts. */
@Module({})
export class HealthModule {
  static forChecks(checks: {
    useFactory: (...deps: never[]) => ReadinessCheck[];
    inject?: (string | symbol | Function)[];
    /** Modules that export what `inject` names. */
    imports?: ModuleMetadata['imports'];
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(checks.imports ?? [])],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, useFactory: checks.useFactory, inject: checks.inject ?? [] } as Provider,
        ReadinessMetric,
      ],
    };
  }
}
