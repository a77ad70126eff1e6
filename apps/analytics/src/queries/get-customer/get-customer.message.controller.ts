import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries, type CustomerQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { GetCustomerService } from './get-customer.service.js';

@Controller()
export class GetCustomerMessageController {
  constructor(
    private readonly service: GetCustomerService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.customer)
  handle(@Payload() query: CustomerQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(query), ANALYTICS_QUERY_QUEUE);
  }
}
