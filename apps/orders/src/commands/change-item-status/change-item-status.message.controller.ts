import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderCommands, type ChangeItemStatusCommand } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ChangeItemStatusService } from './change-item-status.service.js';

@Controller()
export class ChangeItemStatusMessageController {
  constructor(
    private readonly service: ChangeItemStatusService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.changeItemStatus)
  handle(@Payload() message: ChangeItemStatusCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
