import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderCommands, type ChangeStatusCommand } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ChangeStatusService } from './change-status.service.js';

@Controller()
export class ChangeStatusMessageController {
  constructor(
    private readonly service: ChangeStatusService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.changeStatus)
  handle(@Payload() message: ChangeStatusCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
