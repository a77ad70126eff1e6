import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { type RequestRefundCommand, OrderCommands } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { RequestRefundService } from './request-refund.service.js';

@Controller()
export class RequestRefundMessageController {
  constructor(
    private readonly service: RequestRefundService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.requestRefund)
  handle(@Payload() message: RequestRefundCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
