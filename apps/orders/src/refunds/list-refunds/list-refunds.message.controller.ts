import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderQueries, type ListRefundsQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ListRefundsService } from './list-refunds.service.js';

@Controller()
export class ListRefundsMessageController {
  constructor(
    private readonly service: ListRefundsService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderQueries.listRefunds)
  handle(@Payload() message: ListRefundsQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
