import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderQueries, type GetOrderQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { GetOrderService } from './get-order.service.js';

@Controller()
export class GetOrderMessageController {
  constructor(
    private readonly service: GetOrderService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderQueries.get)
  handle(@Payload() message: GetOrderQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
