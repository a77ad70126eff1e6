import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
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
import { AddressDto } from './create-order.dto.js';
import { FulfillmentDto } from './fulfillment.dto.js';
import { BlankAsAbsent, IsMoney, IsStorableText, MAX_QUANTITY, PHONE_NUMBER } from './input-rules.js';

/** The customer fields an edit may change; `id` is the analytics key and stays as placed. */
export class CustomerChangeDto {
  @ApiPropertyOptional({ example: 'Jane Doe', description: 'Replaces the name; blank counts as absent.' })
  @BlankAsAbsent()
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '+123456780', description: '5 to 15 digits, as on create.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @Matches(PHONE_NUMBER, {
    message: 'phoneNumber must hold 5 to 15 digits, with an optional leading + and spaces, dots, dashes or parentheses',
  })
  phoneNumber?: string;
}

/**
 * `PATCH /v1/orders/{id}`: each field given replaces the order's whole (customer merged); the
 * rules of create apply to the order as the edit leaves it.
 */
export class ChangeOrderDto {
  @ApiPropertyOptional({ type: CustomerChangeDto, description: 'Merged into the current customer.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerChangeDto)
  customer?: CustomerChangeDto;

  @ApiPropertyOptional({
    type: AddressDto,
    nullable: true,
    description: 'Replaces the address; null removes it. A DELIVERY order keeps one; other modes have none.',
  })
  @ValidateIf((o: ChangeOrderDto) => o.deliveryAddress !== null && o.deliveryAddress !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  deliveryAddress?: AddressDto | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-03T12:30:00Z',
    description: 'Only while PLACED or ACCEPTED; null removes it. While PLACED it decides scheduled and releaseAt again.',
  })
  @ValidateIf((o: ChangeOrderDto) => o.pickupTime !== null && o.pickupTime !== undefined)
  @IsISO8601({ strict: true, strictSeparator: true })
  pickupTime?: string | null;

  @ApiPropertyOptional({ type: FulfillmentDto, description: 'Only while PLACED or ACCEPTED.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FulfillmentDto)
  fulfillment?: FulfillmentDto;
}

/** `PATCH /v1/orders/{id}/items/{plu}`. */
export class ChangeItemQuantityDto {
  @ApiProperty({ example: 2, minimum: 0, maximum: MAX_QUANTITY, description: '0 removes the line.' })
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  quantity: number;
}

/** `POST /v1/orders/{id}/refunds`: a goodwill refund of one payment. */
export class RequestRefundDto {
  @ApiProperty({ example: 2.5, description: 'More than 0 and at most what the payment has left.' })
  @IsMoney()
  @Min(0.0001, { message: 'amount must be more than 0' })
  amount: number;

  @ApiPropertyOptional({
    example: 'pay_8f2a',
    description: 'The payment to refund; without it, the latest payment with enough left.',
  })
  @IsOptional()
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(128)
  paymentReference?: string;

  @ApiProperty({ example: 'cold fries' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(200)
  reason: string;
}
