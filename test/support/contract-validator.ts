import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type CloudEvent, cloudEventSchema, EVENT_TYPES, type OrderEventType } from '#contracts';

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validators = new Map(EVENT_TYPES.map((type) => [type, ajv.compile(cloudEventSchema(type))]));

/** Problems of an event against its published JSON Schema; empty when it conforms. */
export function eventViolations(event: CloudEvent): string[] {
  const type = (event as { type?: unknown }).type;
  const validate = validators.get(type as OrderEventType);
  if (!validate) return [`unknown event type ${String(type)}`];
  if (validate(event)) return [];
  return (validate.errors ?? []).map((e) => `${String(type)} ${e.instancePath || '/'} ${e.message ?? ''}`);
}

const seen: string[] = [];

/** Every event a test receives is checked; the stack reports what broke its schema when it stops. */
export function recordEvent(event: CloudEvent): void {
  seen.push(...eventViolations(event));
}

export const eventViolationsSoFar = (): string[] => [...new Set(seen)];
