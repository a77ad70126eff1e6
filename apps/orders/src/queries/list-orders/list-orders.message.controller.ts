import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderQueries, type ListOrdersQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ListOrdersService } from './list-orders.service.js';

@Controller()
export class ListOrdersMessageController {
  constructor(
    private readonly service: ListOrdersService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderQueries.list)
  handle(@Payload() message: ListOrdersQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
