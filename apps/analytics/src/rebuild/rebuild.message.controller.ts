import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_QUERY_QUEUE, AnalyticsQueries } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { RebuildService } from './rebuild.service.js';

@Controller()
export class RebuildMessageController {
  constructor(
    private readonly service: RebuildService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(AnalyticsQueries.rebuild)
  handle(@Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(), ANALYTICS_QUERY_QUEUE);
  }
}
