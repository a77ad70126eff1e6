import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BlankAsAbsent,
  IsMoney,
  IsStorableText,
  MAX_MONEY,
  MAX_ORDER_ITEMS,
  MAX_ORDER_PAYMENTS,
  MAX_QUANTITY,
  MaxOrderTotal,
  PHONE_NUMBER,
} from './input-rules.js';
import { FitsFulfillment, FulfillmentDto } from './fulfillment.dto.js';
import { UniqueBy } from './unique-by.validator.js';

export class CustomerDto {
  @ApiPropertyOptional({ example: 'c-42', description: 'The channel’s customer id; the analytics customer key.' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  id?: string;

  @ApiPropertyOptional({
    example: 'John Doe',
    description: 'Required unless phoneNumber is given. A name of only white space or invisible characters counts as absent.',
  })
  @BlankAsAbsent()
  @ValidateIf((c: CustomerDto) => c.name !== undefined || c.phoneNumber === undefined)
  @IsString({ message: 'customer.name or customer.phoneNumber is required' })
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: '+123456789',
    description:
      'Required unless name is given. 5 to 15 digits, with an optional leading + and spaces, dots, dashes or parentheses.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(PHONE_NUMBER, {
    message: 'phoneNumber must hold 5 to 15 digits, with an optional leading + and spaces, dots, dashes or parentheses',
  })
  phoneNumber?: string;
}

export class AddressDto {
  @ApiPropertyOptional({ example: 'Helsinki' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(200)
  city?: string;

  @ApiPropertyOptional({ example: 'Huuvatie 1' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(200)
  street?: string;

  @ApiPropertyOptional({ example: '00100' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(32)
  postalCode?: string;
}

export class OrderItemDto {
  @ApiProperty({ example: 'CAT1-0001', description: 'Product lookup code, unique within the order.' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
    message: 'plu must be 1-64 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  })
  plu: string;

  @ApiProperty({ example: 'Hawaii Burger' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({ example: 12.5 })
  @IsOptional()
  @IsMoney()
  unitPrice?: number;
}

export class PaymentDto {
  @ApiProperty({ example: 'pay_8f2a', description: 'Unique across all orders.' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  reference: string;

  @ApiProperty({ example: 12.5 })
  @IsMoney()
  amount: number;
}

export class CreateOrderDto {
  @ApiProperty({ example: 'TEST1626898082', description: 'The channel’s own order id; unique per brand.' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  channelOrderId: string;

  @ApiProperty({ example: '60bfc6dc4887c9851d5a0245' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  brandId: string;

  @ApiPropertyOptional({ example: '60bfc6dc4887c9851d5a0246' })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @MaxLength(128)
  account?: string;

  @ApiProperty({ type: CustomerDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer: CustomerDto;

  @ApiPropertyOptional({
    type: AddressDto,
    description: 'Required with fulfillment mode DELIVERY; refused with any other mode given in fulfillment.',
  })
  @ValidateIf(
    (o: CreateOrderDto) => (o.deliveryAddress !== undefined && o.deliveryAddress !== null) || o.fulfillment?.mode === 'DELIVERY',
  )
  @FitsFulfillment()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  deliveryAddress?: AddressDto;

  @ApiPropertyOptional({
    type: FulfillmentDto,
    description: 'Without it: DELIVERY when a deliveryAddress is given, else PICKUP.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FulfillmentDto)
  fulfillment?: FulfillmentDto;

  @ApiPropertyOptional({
    example: '2026-12-03T12:30:00Z',
    format: 'date-time',
    description:
      'When the order is collected: at most 7 days after receipt and not more than 1 minute in the past (backfills excepted). ' +
      'More than SCHEDULE_THRESHOLD_MS ahead makes the order scheduled.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  pickupTime?: string;

  @ApiProperty({
    type: [OrderItemDto],
    description: `The order's total, sum of quantity × unitPrice, is at most ${MAX_MONEY.toLocaleString('en')}.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_ITEMS)
  @ValidateNested({ each: true })
  @UniqueBy('plu', { message: 'items must not repeat a plu; give one line per plu with its total quantity' })
  @MaxOrderTotal()
  @Type(() => OrderItemDto)
  items: OrderItemDto[];

  @ApiPropertyOptional({ type: [PaymentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ORDER_PAYMENTS)
  @ValidateNested({ each: true })
  @UniqueBy('reference', { message: 'payments must not repeat a reference' })
  @Type(() => PaymentDto)
  payments?: PaymentDto[];

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217 code.' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter upper-case ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Backfill only (admin and internal keys): when the order was placed. Not in the future.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  placedAt?: string;
}
