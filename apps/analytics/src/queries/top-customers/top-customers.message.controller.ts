import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries, type TopCustomersQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { TopCustomersService } from './top-customers.service.js';

@Controller()
export class TopCustomersMessageController {
  constructor(
    private readonly service: TopCustomersService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.customers)
  handle(@Payload() query: TopCustomersQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(query), ANALYTICS_QUERY_QUEUE);
  }
}
