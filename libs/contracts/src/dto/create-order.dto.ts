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

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  deliveryAddress?: AddressDto;

  @ApiPropertyOptional({ example: '2021-07-22T20:28:02Z', format: 'date-time' })
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
