import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderCommands, type CreateOrderCommand } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { CreateOrderService } from './create-order.service.js';

@Controller()
export class CreateOrderMessageController {
  constructor(
    private readonly service: CreateOrderService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.create)
  handle(@Payload() message: CreateOrderCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
