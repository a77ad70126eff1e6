import { type DynamicModule, Module, type ModuleMetadata, type OnApplicationBootstrap } from '@nestjs/common';
import { AvailabilityMessageController } from './availability.message.controller.js';
import { AvailabilitySweep } from './availability-sweep.service.js';
import { BrandAvailabilityService } from './brand-availability.service.js';

/**
 * Brand availability (CONTRACT section 7): its commands and queries, and the sweep that publishes
 * passed `until`s, which starts with the application. `imports` give it the orders module (the
 * outbox relay) and the messaging module (the delivery handler).
 */
@Module({})
export class AvailabilityModule implements OnApplicationBootstrap {
  constructor(private readonly sweep: AvailabilitySweep) {}

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  static forRoot(imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: AvailabilityModule,
      imports,
      controllers: [AvailabilityMessageController],
      providers: [BrandAvailabilityService, AvailabilitySweep],
      exports: [BrandAvailabilityService],
    };
  }
}
