import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { type ExportOrdersQuery, OrderQueries } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { ExportOrdersService } from './export-orders.service.js';

@Controller()
export class ExportOrdersMessageController {
  constructor(
    private readonly service: ExportOrdersService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderQueries.exportPage)
  handle(@Payload() message: ExportOrdersQuery, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
