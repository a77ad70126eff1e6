import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { type ChangePromisedTimeCommand, OrderCommands } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ChangePromisedTimeService } from './change-promised-time.service.js';

@Controller()
export class ChangePromisedTimeMessageController {
  constructor(
    private readonly service: ChangePromisedTimeService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.changePromisedTime)
  handle(@Payload() message: ChangePromisedTimeCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
