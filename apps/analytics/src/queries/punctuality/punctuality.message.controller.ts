import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries, type PunctualityQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { PunctualityService } from './punctuality.service.js';

@Controller()
export class PunctualityMessageController {
  constructor(
    private readonly service: PunctualityService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.punctuality)
  handle(@Payload() query: PunctualityQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(query), ANALYTICS_QUERY_QUEUE);
  }
}
