import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries, type SummaryQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { SummaryService } from './summary.service.js';

@Controller()
export class SummaryMessageController {
  constructor(
    private readonly service: SummaryService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.summary)
  handle(@Payload() query: SummaryQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(query), ANALYTICS_QUERY_QUEUE);
  }
}
