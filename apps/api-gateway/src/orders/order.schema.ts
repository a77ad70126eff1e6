/** OpenAPI schemas of what the orders routes answer (the wire types are the interfaces in #contracts). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ITEM_STATUSES, ORDER_STATUSES } from '#contracts';

class CustomerViewSchema {
  @ApiProperty({ type: String, nullable: true, example: 'c-42' }) id: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'John Doe' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+123456789' }) phoneNumber: string | null;
}

class AddressViewSchema {
  @ApiPropertyOptional({ example: 'Helsinki' }) city?: string;
  @ApiPropertyOptional({ example: 'Huuvatie 1' }) street?: string;
  @ApiPropertyOptional({ example: '00100' }) postalCode?: string;
}

class OrderItemViewSchema {
  @ApiProperty({ example: 'CAT1-0001' }) plu: string;
  @ApiProperty({ example: 'Hawaii Burger' }) name: string;
  @ApiProperty({ example: 1 }) quantity: number;
  @ApiProperty({ type: Number, nullable: true, example: 12.5 }) unitPrice: number | null;
  @ApiProperty({ enum: ITEM_STATUSES, example: 'QUEUED' }) status: string;
}

class PaymentViewSchema {
  @ApiProperty({ example: 'pay_8f2a' }) reference: string;
  @ApiProperty({ example: 12.5 }) amount: number;
}

export class OrderViewSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'TEST1626898082' }) channelOrderId: string;
  @ApiProperty({ example: '60bfc6dc4887c9851d5a0245' }) brandId: string;
  @ApiProperty({ type: String, nullable: true }) account: string | null;
  @ApiProperty({ type: CustomerViewSchema }) customer: CustomerViewSchema;
  @ApiProperty({ type: AddressViewSchema, nullable: true }) deliveryAddress: AddressViewSchema | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pickupTime: string | null;
  @ApiProperty({ type: [OrderItemViewSchema] }) items: OrderItemViewSchema[];
  @ApiProperty({ type: [PaymentViewSchema] }) payments: PaymentViewSchema[];
  @ApiProperty({ type: String, nullable: true, example: 'EUR' }) currency: string | null;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'PLACED' }) status: string;
  @ApiProperty({ example: 1, description: 'Optimistic-locking version; the ETag is its quoted value.' }) version: number;
  @ApiProperty({ example: 12.5, description: 'Sum of quantity × unitPrice (0 where prices are absent).' }) totalAmount: number;
  @ApiProperty({ format: 'date-time', description: '= createdAt unless backfilled.' }) placedAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrderAcceptedSchema {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['PLACED'], example: 'PLACED' }) status: 'PLACED';
}

export class OrderPageSchema {
  @ApiProperty({ type: [OrderViewSchema] }) items: OrderViewSchema[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null at the end.' })
  nextCursor: string | null;
}

class OrderHistoryEntrySchema {
  @ApiProperty({ enum: ORDER_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional({ example: 'staff:1a2b3c4d' }) actor?: string;
}

class ItemHistoryEntrySchema {
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class OrderHistorySchema {
  @ApiProperty({ type: [OrderHistoryEntrySchema], description: 'Oldest first.' }) order: OrderHistoryEntrySchema[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/ItemHistoryEntrySchema' } },
    description: 'Per plu, oldest first.',
  })
  items: Record<string, ItemHistoryEntrySchema[]>;
}

export const ORDER_EXTRA_MODELS = [ItemHistoryEntrySchema];

export const LOCATION_HEADER = { Location: { description: '/v1/orders/{id}', schema: { type: 'string' } } };
export const ETAG_HEADER = { ETag: { description: 'The order version, quoted: "3".', schema: { type: 'string' } } };
/** History and list ETags are Express's: weak, over the body, so any change to the answer changes them. */
export const BODY_ETAG_HEADER = {
  ETag: { description: 'A weak validator of this answer: W/"<length>-<hash>".', schema: { type: 'string' } },
};
export const CORRELATION_HEADER = {
  'X-Correlation-Id': { description: 'The request’s correlation id (echoed, or generated).', schema: { type: 'string' } },
};
