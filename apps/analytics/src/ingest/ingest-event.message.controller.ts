import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { ANALYTICS_EVENTS_QUEUE, type CloudEvent, ORDER_EVENT_TYPES } from '#contracts';
import { DeliveryHandler } from '#messaging';
import { OTHER_EVENT } from '../messaging/cloud-event.deserializer.js';
import { IngestEventService } from './ingest-event.service.js';

/** Every event type is stored, even those that change no figure: the per-order sequence counts them all. */
@Controller()
export class IngestEventMessageController {
  constructor(
    private readonly service: IngestEventService,
    private readonly delivery: DeliveryHandler,
  ) {}

  @EventPattern([...ORDER_EVENT_TYPES, OTHER_EVENT])
  handle(@Payload() event: CloudEvent, @Ctx() ctx: RmqContext) {
    return this.delivery.run(ctx, () => this.service.execute(event), ANALYTICS_EVENTS_QUEUE);
  }
}
