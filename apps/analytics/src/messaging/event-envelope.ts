import { IsInt, IsISO8601, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { ORDER_EVENT_TYPES } from '#contracts';
import { payloadValidator, type PayloadValidator } from '#messaging';

/**
 * What the consumer needs of every event before it can store it: an event without these can
 * never be stored, so it is dead-lettered at once instead of being retried.
 */
class CloudEventEnvelope {
  @IsString() @IsNotEmpty() id: string;
  @IsString() @IsNotEmpty() type: string;
  @IsString() @IsNotEmpty() subject: string;
  @IsInt() @Min(1) @Max(2_147_483_647) sequence: number;
  @IsISO8601({ strict: true }) time: string;
}

const envelope = payloadValidator(CloudEventEnvelope);

/** By routing key (the event type); an event of a type this service does not know is stored all the same. */
export const EVENT_VALIDATORS: Record<string, PayloadValidator> = Object.fromEntries(
  ORDER_EVENT_TYPES.map((type) => [type, envelope]),
);

/** Events are plain CloudEvents: the whole body is the payload. */
export const eventPayloadOf = (body: unknown): unknown => body;
