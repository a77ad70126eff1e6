import { getMetadataStorage, ValidationTypes } from 'class-validator';

/** Where `@ApiProperty` keeps a property's options (`DECORATORS.API_MODEL_PROPERTIES`, not exported by the package). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

interface ValidationMetadata {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

type Keywords = Record<string, unknown>;

/**
 * The OpenAPI keywords each class-validator rule implies. The document takes its limits from the
 * rules themselves, so a limit changed in a DTO changes the document with it.
 */
const KEYWORDS: Record<string, (constraints: unknown[]) => Keywords> = {
  isInt: () => ({ type: 'integer' }),
  isBoolean: () => ({ type: 'boolean' }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  minLength: ([n]) => ({ minLength: n }),
  maxLength: ([n]) => ({ maxLength: n }),
  isNotEmpty: () => ({ minLength: 1 }),
  arrayMinSize: ([n]) => ({ minItems: n }),
  arrayMaxSize: ([n]) => ({ maxItems: n }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isIn: ([values]) => ({ enum: values }),
  isUuid: () => ({ format: 'uuid' }),
};

/** A project's own rule states its keywords as `constraints: [{ openapi }]`. */
const declaredKeywords = ([first]: unknown[]): Keywords =>
  (typeof first === 'object' && first !== null && (first as { openapi?: Keywords }).openapi) || {};

/** Keywords that describe an element when the rule is `each: true`, or the value itself otherwise. */
function keywordsOf(rules: ValidationMetadata[]): { own: Keywords; each: Keywords } {
  const own: Keywords = {};
  const each: Keywords = {};
  for (const rule of rules) {
    if (rule.type !== ValidationTypes.CUSTOM_VALIDATION || !rule.name) continue;
    const derive = KEYWORDS[rule.name] ?? declaredKeywords;
    Object.assign(rule.each ? each : own, derive(rule.constraints ?? []));
  }
  // `minLength` from isNotEmpty means something only for strings; a stricter minLength wins.
  if (own.minLength === 1 && rules.some((r) => r.name === 'minLength')) delete own.minLength;
  return { own, each };
}

/**
 * Writes the limits of every class-validator rule into the Swagger metadata of the property it
 * guards (`maxLength`, `integer`, `minimum`, `maxItems`, `pattern`, `enum`, ...): what the
 * `@nestjs/swagger` CLI plugin's class-validator shim does at compile time, done here at start-up
 * because the services are compiled by plain `tsc`. Only properties documented with
 * `@ApiProperty` are touched; explicit descriptions and examples stay. Idempotent.
 */
export function documentValidationRules(): Set<Function> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, ValidationMetadata[]> };
  const validated = new Set<Function>();
  for (const [target, rules] of storage.validationMetadatas) {
    validated.add(target);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const rule of rules) byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
    for (const [property, propertyRules] of byProperty) {
      const existing = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, property) as Keywords | undefined;
      if (!existing) continue;
      const { own, each } = keywordsOf(propertyRules);
      const isArray = existing.isArray === true || Array.isArray(existing.type);
      const merged: Keywords = isArray ? { ...existing, ...own, ...each } : { ...existing, ...own };
      if (isArray && own.minLength !== undefined) delete merged.minLength;
      Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, target.prototype, property);
    }
  }
  return validated;
}

/**
 * The request bodies refuse unknown fields (`forbidNonWhitelisted`): say so on the schema of every
 * class that carries validation rules.
 */
export function closeValidatedSchemas(schemas: Record<string, object>, validated: Set<Function>): void {
  for (const target of validated) {
    const schema = schemas[target.name] as { type?: string; additionalProperties?: unknown } | undefined;
    if (schema && schema.type === 'object') schema.additionalProperties = false;
  }
}
