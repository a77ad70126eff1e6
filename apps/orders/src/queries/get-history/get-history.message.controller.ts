import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderQueries, type GetOrderQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { GetHistoryService } from './get-history.service.js';

@Controller()
export class GetHistoryMessageController {
  constructor(
    private readonly service: GetHistoryService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderQueries.history)
  handle(@Payload() message: GetOrderQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
