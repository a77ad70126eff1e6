import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { ACCEPTANCE_TIMEOUT_PATTERN, ORDERS_COMMAND_QUEUE, type AcceptanceTimeoutCommand } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { AcceptanceTimeoutService } from './acceptance-timeout.service.js';

/** Timers dead-lettered from the delay queue into the command queue; nobody waits for an answer. */
@Controller()
export class AcceptanceTimeoutMessageController {
  constructor(
    private readonly service: AcceptanceTimeoutService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @EventPattern(ACCEPTANCE_TIMEOUT_PATTERN)
  handle(@Payload() message: AcceptanceTimeoutCommand, @Ctx() ctx: unknown) {
    // EventPattern types its extra arguments as unknown; this is the RMQ transport's context.
    return this.delivery.run(ctx as RmqContext, () => this.service.execute(message), ORDERS_COMMAND_QUEUE) as unknown;
  }
}
