/** OpenAPI schemas of what the webhook routes answer (the wire types are in #contracts). */
import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, WEBHOOK_ALL_TYPES, WEBHOOK_EVENT_TYPES, WEBHOOK_STATUSES } from '#contracts';

const TYPE_NAMES = [...WEBHOOK_EVENT_TYPES, WEBHOOK_ALL_TYPES];
const SECRET = {
  example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  description: 'The signing secret (Standard Webhooks): shown only here; keep it, it cannot be read again.',
};

export class WebhookSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://channel.example.com/hooks/orders' }) url: string;
  @ApiProperty({ enum: TYPE_NAMES, enumName: 'WebhookEventType', isArray: true, example: ['order.status_changed'] })
  types: string[];
  @ApiProperty({ type: [String], description: 'Empty: every brand.' }) brandIds: string[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: WEBHOOK_STATUSES, example: 'ENABLED' }) status: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Why the subscription was disabled (410, failing for 24 h, an admin).',
  })
  disabledReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreatedWebhookSchema extends WebhookSchema {
  @ApiProperty(SECRET) secret: string;
}

export class WebhookListSchema {
  @ApiProperty({ type: [WebhookSchema] }) items: WebhookSchema[];
}

export class RotatedSecretSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty(SECRET) secret: string;
  @ApiProperty({
    format: 'date-time',
    description: 'Until then every delivery carries a signature with the previous secret too.',
  })
  previousSecretValidUntil: string;
}

export class DeliverySchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id, sent as `webhook-id`.' }) eventId: string;
  @ApiProperty({ example: 'order.status_changed' }) eventType: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty({ example: 1, description: 'Attempts made so far.' }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set while PENDING.' }) nextAttemptAt:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeliveryPageSchema {
  @ApiProperty({ type: [DeliverySchema], description: 'Newest first.' }) items: DeliverySchema[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' })
  nextCursor: string | null;
}

export class ReplayAcceptedSchema {
  @ApiProperty({ example: 42, description: 'Deliveries created: one per matching event in the range.' }) deliveries: number;
}
