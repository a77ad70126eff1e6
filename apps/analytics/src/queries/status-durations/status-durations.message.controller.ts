import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries, type StatusDurationsQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { StatusDurationsService } from './status-durations.service.js';

@Controller()
export class StatusDurationsMessageController {
  constructor(
    private readonly service: StatusDurationsService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.statusDurations)
  handle(@Payload() query: StatusDurationsQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(query), ANALYTICS_QUERY_QUEUE);
  }
}
