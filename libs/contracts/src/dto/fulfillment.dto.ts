import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { FULFILLMENT_MODES, type FulfillmentMode, MAX_TABLE_LENGTH, MAX_VEHICLE_LENGTH } from '../fulfillment.js';
import { IsStorableText } from './input-rules.js';

/** The mode a fulfillment-bound object names, when it names one. */
function modeOf(object: object, path: 'self' | 'fulfillment'): unknown {
  const holder = path === 'self' ? object : (object as { fulfillment?: unknown }).fulfillment;
  return typeof holder === 'object' && holder !== null ? (holder as { mode?: unknown }).mode : undefined;
}

/**
 * A field that belongs to one fulfillment mode: required with it (when `required`), refused with
 * any other. `path` says where the mode is: on the same object, or on the order's `fulfillment`.
 * Without a stated mode only a refusal-free default applies, so the rule passes.
 */
function OnlyWithMode(
  mode: FulfillmentMode,
  { required, path }: { required: boolean; path: 'self' | 'fulfillment' },
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'onlyWithMode',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const stated = modeOf(args!.object, path);
          if (stated === undefined || !(FULFILLMENT_MODES as readonly unknown[]).includes(stated)) return true;
          const given = value !== undefined && value !== null;
          return stated === mode ? given || !required : !given;
        },
        defaultMessage: (args?: ValidationArguments) =>
          args!.value === undefined || args!.value === null
            ? `${args!.property} is required with fulfillment mode ${mode}`
            : `${args!.property} is only allowed with fulfillment mode ${mode}`,
      },
    },
    options,
  );
}

/** `deliveryAddress` is required with fulfillment mode DELIVERY and refused with every other mode. */
export const FitsFulfillment = (): PropertyDecorator => OnlyWithMode('DELIVERY', { required: true, path: 'fulfillment' });

export class FulfillmentDto {
  @ApiProperty({ enum: FULFILLMENT_MODES, example: 'DINE_IN' })
  @IsIn(FULFILLMENT_MODES, { message: `mode must be one of ${FULFILLMENT_MODES.join(', ')}` })
  mode: FulfillmentMode;

  @ApiPropertyOptional({ example: '12', description: 'Required with DINE_IN, refused with any other mode.' })
  @ValidateIf((f: FulfillmentDto) => f.table !== undefined || f.mode === 'DINE_IN')
  @OnlyWithMode('DINE_IN', { required: true, path: 'self' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(MAX_TABLE_LENGTH)
  table?: string;

  @ApiPropertyOptional({ example: 'red Volvo ABC-123', description: 'Only with CURBSIDE.' })
  @ValidateIf((f: FulfillmentDto) => f.vehicle !== undefined)
  @OnlyWithMode('CURBSIDE', { required: false, path: 'self' })
  @IsString()
  @IsStorableText()
  @IsNotEmpty()
  @MaxLength(MAX_VEHICLE_LENGTH)
  vehicle?: string;
}
