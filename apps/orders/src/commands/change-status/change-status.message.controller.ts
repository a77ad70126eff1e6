import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderCommands, type ChangeStatusCommand } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { BusinessMetrics } from '../../outbox/business-metrics.js';
import { ChangeStatusService } from './change-status.service.js';

@Controller()
export class ChangeStatusMessageController {
  constructor(
    private readonly service: ChangeStatusService,
    private readonly delivery: DeliveryHandler,
    private readonly metrics: BusinessMetrics,
  ) {}

  @MessagePattern(OrderCommands.changeStatus)
  handle(@Payload() message: ChangeStatusCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, async () => {
      const result = await this.service.execute(message);
      if (!result.ok && result.error.code === 'illegal_transition') {
        this.metrics.countRefused(result.error.from, result.error.to);
      }
      return result;
    });
  }
}
