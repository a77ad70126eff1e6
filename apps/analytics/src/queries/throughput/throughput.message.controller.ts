import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries, type ThroughputQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ThroughputService } from './throughput.service.js';

@Controller()
export class ThroughputMessageController {
  constructor(
    private readonly service: ThroughputService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.throughput)
  handle(@Payload() query: ThroughputQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(query), ANALYTICS_QUERY_QUEUE);
  }
}
