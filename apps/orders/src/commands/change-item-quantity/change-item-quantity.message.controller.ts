import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { type ChangeItemQuantityCommand, OrderCommands } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ChangeItemQuantityService } from './change-item-quantity.service.js';

@Controller()
export class ChangeItemQuantityMessageController {
  constructor(
    private readonly service: ChangeItemQuantityService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.changeItemQuantity)
  handle(@Payload() message: ChangeItemQuantityCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
