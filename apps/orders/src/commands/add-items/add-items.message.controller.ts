import { Controller } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { OrderCommands, type AddItemsCommand } from '#contracts';
import { DeliveryHandler, replayIdOf } from '#messaging';
import { AddItemsService } from './add-items.service.js';

@Controller()
export class AddItemsMessageController {
  constructor(
    private readonly service: AddItemsService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @MessagePattern(OrderCommands.addItems)
  handle(@Payload() message: AddItemsCommand, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(message, replayIdOf(ctx.getMessage() as ConsumeMessage)));
  }
}
