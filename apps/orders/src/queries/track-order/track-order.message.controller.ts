import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderQueries, type TrackOrderQuery } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { TrackOrderService } from './track-order.service.js';

@Controller()
export class TrackOrderMessageController {
  constructor(
    private readonly service: TrackOrderService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderQueries.track)
  handle(@Payload() message: TrackOrderQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
