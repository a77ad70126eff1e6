import { IsInt, IsISO8601, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import type { CloudEvent } from '#contracts';
import { payloadValidator, PermanentMessageError } from '#messaging';

/**
 * What the consumer needs of every event before it can store it, whatever its type: an event of a
 * type this service does not know is stored all the same.
 */
class CloudEventEnvelope {
  @IsString() @IsNotEmpty() id: string;
  @IsString() @IsNotEmpty() type: string;
  @IsString() @IsNotEmpty() subject: string;
  @IsInt() @Min(1) @Max(2_147_483_647) sequence: number;
  @IsISO8601({ strict: true }) time: string;
}

const problemsOf = payloadValidator(CloudEventEnvelope);

/**
 * The event a delivery carries (the whole body is the CloudEvent). A body that is not one can never
 * be stored, so it is refused as permanent: dead-lettered at once instead of retried.
 */
export function readEvent(content: Buffer, routingKey: string): CloudEvent {
  let body: unknown;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch {
    throw new PermanentMessageError('body is not JSON');
  }
  const problems = problemsOf(envelopeOf(body));
  if (problems.length) throw new PermanentMessageError(`invalid ${routingKey}: ${problems.slice(0, 10).join('; ')}`);
  return body as CloudEvent;
}

/**
 * Only the envelope's fields are checked: handed the whole body, class-transformer would copy the
 * event's data, whatever its size, into an instance on every delivery, for nothing.
 */
function envelopeOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { id, type, subject, sequence, time } = body as Record<string, unknown>;
  return { id, type, subject, sequence, time };
}
