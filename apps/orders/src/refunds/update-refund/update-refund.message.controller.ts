import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderCommands, type UpdateRefundCommand } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { UpdateRefundService } from './update-refund.service.js';

@Controller()
export class UpdateRefundMessageController {
  constructor(
    private readonly service: UpdateRefundService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.updateRefund)
  handle(@Payload() message: UpdateRefundCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message));
  }
}
