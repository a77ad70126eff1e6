import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { type ChangeOrderCommand, OrderCommands } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ChangeOrderService } from './change-order.service.js';

@Controller()
export class ChangeOrderMessageController {
  constructor(
    private readonly service: ChangeOrderService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.changeOrder)
  handle(@Payload() message: ChangeOrderCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
