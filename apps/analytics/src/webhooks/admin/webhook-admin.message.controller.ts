import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import {
  type CallerScope,
  type CreateWebhookRequest,
  type ListDeliveriesRequest,
  type ReplayRequest,
  type RetryDeliveryRequest,
  type UpdateWebhookRequest,
  type WebhookRef,
  WebhookRequests,
} from '#contracts';
import type { DeliveryHandler } from '#messaging';
import { WEBHOOK_ADMIN, type WebhookAdminPort } from './webhook-admin.js';

export const WEBHOOKS_DELIVERY_HANDLER = Symbol('WEBHOOKS_DELIVERY_HANDLER');

/**
 * The gateway's webhook routes: reads over `webhooks.admin`, writes over `webhooks.admin.commands`.
 * Each is settled per the queue it came from (its routing key): a failed write is retried, then
 * dead-lettered; a failed read is answered and dropped.
 */
@Controller()
export class WebhookAdminMessageController {
  constructor(
    @Inject(WEBHOOK_ADMIN) private readonly admin: WebhookAdminPort,
    @Inject(WEBHOOKS_DELIVERY_HANDLER) private readonly delivery: DeliveryHandler,
  ) {}

  private run<T>(ctx: RmqContext, work: () => Promise<T>) {
    return this.delivery.run(ctx, work);
  }

  @MessagePattern(WebhookRequests.create)
  create(@Payload() r: CreateWebhookRequest, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.create(r));
  }

  @MessagePattern(WebhookRequests.list)
  list(@Payload() r: CallerScope, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.list(r));
  }

  @MessagePattern(WebhookRequests.get)
  get(@Payload() r: WebhookRef, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.get(r));
  }

  @MessagePattern(WebhookRequests.update)
  update(@Payload() r: UpdateWebhookRequest, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.update(r));
  }

  @MessagePattern(WebhookRequests.remove)
  remove(@Payload() r: WebhookRef, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.remove(r));
  }

  @MessagePattern(WebhookRequests.rotateSecret)
  rotateSecret(@Payload() r: WebhookRef, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.rotateSecret(r));
  }

  @MessagePattern(WebhookRequests.listDeliveries)
  listDeliveries(@Payload() r: ListDeliveriesRequest, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.listDeliveries(r));
  }

  @MessagePattern(WebhookRequests.retryDelivery)
  retryDelivery(@Payload() r: RetryDeliveryRequest, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.retryDelivery(r));
  }

  @MessagePattern(WebhookRequests.replay)
  replay(@Payload() r: ReplayRequest, @Ctx() ctx: RmqContext) {
    return this.run(ctx, () => this.admin.replay(r));
  }
}
