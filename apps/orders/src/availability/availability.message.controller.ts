import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import {
  AvailabilityCommands,
  AvailabilityQueries,
  type GetAvailabilityQuery,
  type SetAvailabilityCommand,
  type SetItemAvailabilityCommand,
} from '#contracts';
import { DeliveryHandler } from '#messaging';
import { BrandAvailabilityService } from './brand-availability.service.js';

@Controller()
export class AvailabilityMessageController {
  constructor(
    private readonly service: BrandAvailabilityService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AvailabilityCommands.set)
  set(@Payload() message: SetAvailabilityCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.set(message));
  }

  @MessagePattern(AvailabilityCommands.setItem)
  setItem(@Payload() message: SetItemAvailabilityCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.setItem(message));
  }

  @MessagePattern(AvailabilityQueries.get)
  get(@Payload() message: GetAvailabilityQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.get(message));
  }

  @MessagePattern(AvailabilityQueries.all)
  all(@Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.all());
  }
}
