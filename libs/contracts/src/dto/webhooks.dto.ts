import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  type ValidationArguments,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  MAX_WEBHOOK_BRANDS,
  MAX_WEBHOOK_DESCRIPTION,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_ALL_TYPES,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_STATUSES,
  type WebhookStatus,
} from '../webhooks.js';
import { IsStorableText } from './input-rules.js';
import { PageQueryDto } from './page.query.js';

const TYPE_NAMES = [...WEBHOOK_EVENT_TYPES, WEBHOOK_ALL_TYPES];

/** `*` stands for every type, so it comes alone. */
function AllTypesAlone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'allTypesAlone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args: ValidationArguments) => `${args.property} must be ["*"] alone or a list of event types`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || !value.includes(WEBHOOK_ALL_TYPES) || value.length === 1,
      },
    });
}

/** The rules of each field, shared by creation and change (where every field is optional). */
const allOf =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
const UrlRules = () => allOf(IsString(), IsStorableText(), MaxLength(MAX_WEBHOOK_URL_LENGTH));
const TypesRules = () =>
  allOf(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(TYPE_NAMES.length),
    ArrayUnique(),
    IsIn(TYPE_NAMES, { each: true, message: `types must hold only ${TYPE_NAMES.join(', ')}` }),
    AllTypesAlone(),
  );
const BrandIdsRules = () =>
  allOf(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_WEBHOOK_BRANDS),
    ArrayUnique(),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    IsStorableText({ each: true }),
    MaxLength(128, { each: true }),
  );
const DescriptionRules = () => allOf(IsOptional(), IsString(), IsStorableText(), MaxLength(MAX_WEBHOOK_DESCRIPTION));

const urlProperty: ApiPropertyOptions = {
  example: 'https://channel.example.com/hooks/orders',
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description:
    'https only (http only when the service runs with WEBHOOK_ALLOW_HTTP=true); no credentials; never a loopback, private, ' +
    'link-local or metadata address, checked again after DNS resolution on every attempt.',
};
const typesProperty: ApiPropertyOptions = {
  enum: TYPE_NAMES,
  enumName: 'WebhookEventType',
  isArray: true,
  example: ['order.created', 'order.status_changed'],
  description: 'Event types to receive, or ["*"] alone for every type.',
};
const brandIdsProperty: ApiPropertyOptions = {
  type: [String],
  example: ['60bfc6dc4887c9851d5a0245'],
  description: 'Only events of these brands; empty or absent: every brand (for a brand-scoped key: its own brands).',
  maxItems: MAX_WEBHOOK_BRANDS,
};

export class CreateWebhookDto {
  @ApiProperty(urlProperty)
  @UrlRules()
  url: string;

  @ApiProperty(typesProperty)
  @TypesRules()
  types: string[];

  @ApiPropertyOptional(brandIdsProperty)
  @BrandIdsRules()
  brandIds?: string[];

  @ApiPropertyOptional({ example: 'Order status for the Helsinki store app', maxLength: MAX_WEBHOOK_DESCRIPTION })
  @DescriptionRules()
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional(urlProperty)
  @IsOptional()
  @UrlRules()
  url?: string;

  @ApiPropertyOptional(typesProperty)
  @IsOptional()
  @TypesRules()
  types?: string[];

  @ApiPropertyOptional(brandIdsProperty)
  @BrandIdsRules()
  brandIds?: string[];

  @ApiPropertyOptional({ maxLength: MAX_WEBHOOK_DESCRIPTION })
  @DescriptionRules()
  description?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_STATUSES, description: 'ENABLED again clears disabledReason.' })
  @IsOptional()
  @IsIn(WEBHOOK_STATUSES, { message: `status must be one of ${WEBHOOK_STATUSES.join(', ')}` })
  status?: WebhookStatus;
}

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'orderId must be a UUID' })
  orderId?: string;
}

const INSTANT = /(?:Z|[+-]\d{2}:\d{2})$/;

export class ReplayWebhookDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-22T10:00:00Z',
    description: 'Inclusive: events whose time is at or after it.',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(INSTANT, { message: 'from must name its offset (Z or ±hh:mm)' })
  from: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-11-22T11:00:00Z',
    description: 'Exclusive: events whose time is before it.',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(INSTANT, { message: 'to must name its offset (Z or ±hh:mm)' })
  to: string;
}
