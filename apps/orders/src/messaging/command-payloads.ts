import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  MaxLength,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AddItemsDto,
  ChangeItemQuantityDto,
  ChangeItemStatusDto,
  ChangeOrderDto,
  ChangePromisedTimeDto,
  ChangeStatusDto,
  CreateOrderDto,
  ORDER_STATUSES,
  OrderCommands,
  RequestRefundDto,
  TRACKING_TOKEN_PATTERN,
  UpdateRefundDto,
} from '#contracts';
import { payloadValidator, type PayloadValidator } from '#messaging';
import { AVAILABILITY_COMMAND_VALIDATORS } from '../availability/availability-payloads.js';

/**
 * The command messages as the consumer accepts them: the gateway's DTOs (the very rules the HTTP
 * input passed) plus the envelope the gateway adds. A command that fails them can never succeed,
 * whoever sent it, so it is dead-lettered at once instead of being retried.
 */
class CallerPayload {
  @IsString() @IsNotEmpty() role: string;
  @IsString() @IsNotEmpty() actor: string;
}

class CreateOrderPayload {
  @IsUUID('all') orderId: string;
  @IsObject() @ValidateNested() @Type(() => CreateOrderDto) order: CreateOrderDto;
  @IsOptional() @IsISO8601({ strict: true }) placedAt?: string;
  @IsOptional() @IsString() @IsNotEmpty() idempotencyKey?: string;
  @IsString() @IsNotEmpty() requestHash: string;
  @IsString() @Matches(TRACKING_TOKEN_PATTERN) trackingToken: string;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
}

class ChangeStatusPayload extends ChangeStatusDto {
  @IsUUID('all') orderId: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsOptional() @IsIn(ORDER_STATUSES) expectedStatus?: string;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class ChangePromisedTimePayload extends ChangePromisedTimeDto {
  @IsUUID('all') orderId: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class ChangeItemStatusPayload extends ChangeItemStatusDto {
  @IsUUID('all') orderId: string;
  @IsString() @IsNotEmpty() plu: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class ChangeOrderPayload {
  @IsUUID('all') orderId: string;
  @IsObject() @ValidateNested() @Type(() => ChangeOrderDto) changes: ChangeOrderDto;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class ChangeItemQuantityPayload extends ChangeItemQuantityDto {
  @IsUUID('all') orderId: string;
  @IsString() @IsNotEmpty() plu: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class RequestRefundPayload extends RequestRefundDto {
  @IsUUID('all') orderId: string;
  @IsOptional() @IsInt() @Min(0) expectedVersion?: number;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class AddItemsPayload extends AddItemsDto {
  @IsUUID('all') orderId: string;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class UpdateRefundPayload extends UpdateRefundDto {
  @IsUUID('all') refundId: string;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

export const ORDER_COMMAND_VALIDATORS: Record<string, PayloadValidator> = {
  ...AVAILABILITY_COMMAND_VALIDATORS,
  [OrderCommands.create]: payloadValidator(CreateOrderPayload),
  [OrderCommands.changeStatus]: payloadValidator(ChangeStatusPayload),
  [OrderCommands.changeItemStatus]: payloadValidator(ChangeItemStatusPayload),
  [OrderCommands.changePromisedTime]: payloadValidator(ChangePromisedTimePayload),
  [OrderCommands.addItems]: payloadValidator(AddItemsPayload),
  [OrderCommands.changeOrder]: payloadValidator(ChangeOrderPayload),
  [OrderCommands.changeItemQuantity]: payloadValidator(ChangeItemQuantityPayload),
  [OrderCommands.requestRefund]: payloadValidator(RequestRefundPayload),
  [OrderCommands.updateRefund]: payloadValidator(UpdateRefundPayload),
};
