import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AvailabilityCommands, PLU_PATTERN, SetAvailabilityDto, SetItemAvailabilityDto } from '#contracts';
import { payloadValidator, type PayloadValidator } from '#messaging';

/* The availability commands as the consumer accepts them: the gateway's DTOs plus its envelope. */

class CallerPayload {
  @IsString() @IsNotEmpty() role: string;
  @IsString() @IsNotEmpty() actor: string;
}

class SetAvailabilityPayload extends SetAvailabilityDto {
  @IsString() @IsNotEmpty() @MaxLength(128) brandId: string;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

class SetItemAvailabilityPayload extends SetItemAvailabilityDto {
  @IsString() @IsNotEmpty() @MaxLength(128) brandId: string;
  @IsString() @Matches(PLU_PATTERN) plu: string;
  @IsObject() @ValidateNested() @Type(() => CallerPayload) caller: CallerPayload;
  @IsString() correlationId: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(255) idempotencyKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() requestHash?: string;
}

export const AVAILABILITY_COMMAND_VALIDATORS: Record<string, PayloadValidator> = {
  [AvailabilityCommands.set]: payloadValidator(SetAvailabilityPayload),
  [AvailabilityCommands.setItem]: payloadValidator(SetItemAvailabilityPayload),
};
