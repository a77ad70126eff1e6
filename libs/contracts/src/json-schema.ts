import * as z from 'zod';

/* The JSON Schemas (2020-12) of the wire shapes, written by zod from the one definition of each. */

export type JsonSchema = Record<string, unknown>;

/** zod bounds every integer by the safe-integer range: true of every JSON number we write, and noise in a document. */
function dropSafeIntegerBounds({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
}

/**
 * One shape as a self-contained schema (what it uses is written inline), its objects closed: an
 * event carries exactly the members its schema names.
 */
export const jsonSchemaOf = (shape: z.ZodType): JsonSchema =>
  z.toJSONSchema(shape, { target: 'draft-2020-12', io: 'output', override: dropSafeIntegerBounds }) as JsonSchema;

/**
 * Shapes by name, each a schema that refers to the other named ones at `uri(name)` (OpenAPI's
 * components). Their objects stay open, as the HTTP document has always had them: the reading
 * side of zod's object (`io: 'input'`) leaves `additionalProperties` unset.
 */
export function namedJsonSchemas(
  named: Record<string, z.ZodType>,
  uri: (name: string) => string,
): { schemas: Record<string, JsonSchema>; nameOf: (shape: unknown) => string | undefined } {
  const registry = z.registry<{ id: string }>();
  for (const [id, shape] of Object.entries(named)) registry.add(shape, { id });
  const converted = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', uri, override: dropSafeIntegerBounds });
  const schemas = Object.fromEntries(
    Object.entries(converted.schemas).map(([name, { $schema: _dialect, $id: _id, ...schema }]) => [name, schema as JsonSchema]),
  );
  const nameOf = (shape: unknown) => (shape instanceof z.ZodType ? registry.get(shape)?.id : undefined);
  return { schemas, nameOf };
}
