import { Ajv, type AnySchema } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

/**
 * The class-validator rules of a class, compiled once into one Ajv validator: a yes/no answer that
 * costs a fraction of running class-validator (which looks its metadata up again on every call) on
 * instances class-transformer first built.
 *
 * It only ever answers "valid" where class-validator would too. A rule JSON Schema states exactly,
 * or more strictly (`maxLength` counts variation selectors, class-validator does not), becomes that
 * keyword; every other rule, condition (`@ValidateIf`) and transform (`@Transform`) runs the
 * decorator's own function; whatever the compiler cannot vouch for (groups, promises, `@Expose`,
 * default values, a type it does not build) answers "not valid". Input that is not valid goes on to
 * class-validator, which words its problems as ever: no problem document can change with this.
 */
export type CompiledRules = (value: unknown) => boolean;

export interface CompileOptions {
  /** Undeclared properties fail (the HTTP pipe's `forbidNonWhitelisted`). */
  closed: boolean;
}

interface RuleMetadata {
  type: string;
  name?: string;
  target: Function;
  propertyName: string;
  constraints?: unknown[];
  constraintCls?: Function;
  each?: boolean;
  groups?: string[];
  always?: boolean;
  validateIf?: unknown;
}

interface ConstraintInstance {
  validate(value: unknown, args: object): unknown;
}

type Condition = (object: object, value: unknown) => boolean;
type Transform = (params: object) => unknown;

/** The functions the schemas call, by index (a schema stays plain data). */
const rules: { metadata: RuleMetadata; instances: ConstraintInstance[] }[] = [];
const conditions: Condition[][] = [];
const absentChecks: { property: string; conditions: Condition[] }[][] = [];
const transforms: { property: string; fns: Transform[] }[] = [];

const runRule = (index: number, data: unknown, _schema: unknown, cxt?: DataValidationCxt): boolean => {
  const { metadata, instances } = rules[index]!;
  const object = (cxt?.parentData ?? {}) as object;
  const args = {
    targetName: object.constructor?.name,
    property: metadata.propertyName,
    object,
    value: data,
    constraints: metadata.constraints,
  };
  const values = metadata.each && Array.isArray(data) ? data : [data];
  return instances.every((instance) => values.every((value) => instance.validate(value, args) === true));
};

/** A decorator's function that throws on input of another shape says "not valid": class-validator then has its say. */
const guarded =
  <A extends unknown[]>(check: (...args: A) => boolean) =>
  (...args: A): boolean => {
    try {
      return check(...args);
    } catch {
      return false;
    }
  };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
ajv.addKeyword({ keyword: 'cvRule', schemaType: 'number', errors: false, validate: guarded(runRule) });
ajv.addKeyword({
  keyword: 'cvSkip',
  schemaType: 'number',
  errors: false,
  validate: guarded(
    (index: number, data: unknown, _schema: unknown, cxt?: DataValidationCxt) =>
      !conditions[index]!.every((condition) => condition((cxt?.parentData ?? {}) as object, data)),
  ),
});
ajv.addKeyword({
  keyword: 'cvAbsent',
  schemaType: 'number',
  errors: false,
  validate: guarded(
    (index: number, data: unknown) =>
      isRecord(data) &&
      absentChecks[index]!.every(
        ({ property, conditions: all }) => data[property] !== undefined || !all.every((condition) => condition(data, undefined)),
      ),
  ),
});
ajv.addKeyword({
  keyword: 'cvSame',
  schemaType: 'number',
  errors: false,
  validate: guarded((index: number, data: unknown, _schema: unknown, cxt?: DataValidationCxt) => {
    const { property, fns } = transforms[index]!;
    const obj = cxt?.parentData as object;
    return fns.every(
      (fn) => fn({ value: data, key: property, obj, type: TransformationType.PLAIN_TO_CLASS, options: {} }) === data,
    );
  }),
});

const primitive = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Rules JSON Schema states exactly, or more strictly; the others run their own function. */
const NATIVE: Record<string, (constraints: unknown[]) => AnySchema | undefined> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isBoolean: () => ({ type: 'boolean' }),
  isObject: () => ({ type: 'object' }),
  isArray: () => ({ type: 'array' }),
  isNotEmpty: () => ({ not: { enum: ['', null] } }),
  min: ([n]) => (typeof n === 'number' ? { type: 'number', minimum: n } : undefined),
  max: ([n]) => (typeof n === 'number' ? { type: 'number', maximum: n } : undefined),
  maxLength: ([n]) => (typeof n === 'number' ? { type: 'string', maxLength: n } : undefined),
  arrayMinSize: ([n]) => (typeof n === 'number' ? { type: 'array', minItems: n } : undefined),
  arrayMaxSize: ([n]) => (typeof n === 'number' ? { type: 'array', maxItems: n } : undefined),
  isIn: ([values]) => (Array.isArray(values) && values.every(primitive) ? { enum: values } : undefined),
};

function ruleSchema(metadata: RuleMetadata): AnySchema {
  if (metadata.validateIf !== undefined || !metadata.constraintCls) return false;
  const native = !metadata.each && metadata.name ? NATIVE[metadata.name]?.(metadata.constraints ?? []) : undefined;
  if (native) return native;
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls) as unknown as {
    instance: ConstraintInstance;
    async: boolean;
  }[];
  if (constraints.length === 0 || constraints.some((c) => c.async)) return false;
  rules.push({ metadata, instances: constraints.map((c) => c.instance) });
  return { cvRule: rules.length - 1 };
}

class SchemaBuilder {
  readonly defs: Record<string, AnySchema> = {};
  private readonly names = new Map<Function, string>();

  constructor(private readonly options: CompileOptions) {}

  refTo(type: Function): AnySchema {
    let name = this.names.get(type);
    if (name === undefined) {
      name = `c${this.names.size}`;
      this.names.set(type, name);
      this.defs[name] = this.classSchema(type);
    }
    return { $ref: `#/$defs/${name}` };
  }

  private classSchema(type: Function): AnySchema {
    const all = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false) as unknown as RuleMetadata[];
    if (all.length === 0 || all.some((m) => m.groups?.length || m.always !== undefined)) return false;
    if (defaultMetadataStorage.getStrategy(type) !== 'none' || defaultMetadataStorage.getExposedMetadatas(type).length)
      return false;
    if (defaultMetadataStorage.getExcludedMetadatas(type).length) return false;
    // Property initialisers would give class-transformer's instance values the raw input lacks.
    if (Object.keys(new (type as new () => object)()).length) return false;

    const byProperty = new Map<string, RuleMetadata[]>();
    for (const metadata of all)
      byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    const properties: Record<string, AnySchema> = {};
    const required: string[] = [];
    const absent: { property: string; conditions: Condition[] }[] = [];
    for (const [property, metadatas] of byProperty) {
      const conditional = metadatas.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
      const optional = conditional.some((m) => m.name === 'isOptional');
      if (!conditional.length) required.push(property);
      else if (!optional) absent.push({ property, conditions: conditional.map((m) => m.constraints![0] as Condition) });
      properties[property] = this.propertySchema(type, property, metadatas, conditional);
    }
    const schema: Record<string, unknown> = { type: 'object', properties, required };
    if (this.options.closed) schema.additionalProperties = false;
    if (absent.length) {
      absentChecks.push(absent);
      schema.cvAbsent = absentChecks.length - 1;
    }
    return schema;
  }

  private propertySchema(type: Function, property: string, metadatas: RuleMetadata[], conditional: RuleMetadata[]): AnySchema {
    const checks: AnySchema[] = [];
    for (const metadata of metadatas) {
      if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) checks.push(ruleSchema(metadata));
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) checks.push(this.nestedSchema(type, property));
      else if (metadata.type !== ValidationTypes.CONDITIONAL_VALIDATION && metadata.type !== ValidationTypes.WHITELIST)
        return false;
    }
    const typeMetadata = defaultMetadataStorage.findTypeMetadata(type, property);
    if (typeMetadata && !metadatas.some((m) => m.type === ValidationTypes.NESTED_VALIDATION)) return false;

    let schema: AnySchema = checks.length ? { allOf: checks } : true;
    if (conditional.length === 1 && conditional[0]!.name === 'isOptional') schema = { if: { type: 'null' }, else: schema };
    else if (conditional.length) {
      conditions.push(conditional.map((m) => m.constraints![0] as Condition));
      schema = { if: { cvSkip: conditions.length - 1 }, else: schema };
    }
    const fns = defaultMetadataStorage
      .findTransformMetadatas(type, property, TransformationType.PLAIN_TO_CLASS)
      .map((m) => m.transformFn as Transform);
    if (fns.length) {
      transforms.push({ property, fns });
      schema = { allOf: [{ cvSame: transforms.length - 1 }, schema] };
    }
    return schema;
  }

  /** What class-transformer builds (`@Type`) and class-validator then walks: the object, or each element of an array. */
  private nestedSchema(type: Function, property: string): AnySchema {
    const typeMetadata = defaultMetadataStorage.findTypeMetadata(type, property);
    if (!typeMetadata || typeMetadata.options?.discriminator) return false;
    const nested = typeMetadata.typeFunction() as unknown;
    if (typeof nested !== 'function' || [Date, Number, String, Boolean, Object, Array].includes(nested as never)) return false;
    const ref = this.refTo(nested);
    return { if: { type: 'array' }, then: { items: ref }, else: ref };
  }
}

const compiled = new Map<Function, Map<boolean, CompiledRules>>();

/** The compiled rules of `type` (compiled on first use, then kept). */
export function compiledRules(type: Function, options: CompileOptions): CompiledRules {
  const known = compiled.get(type)?.get(options.closed);
  if (known) return known;
  const builder = new SchemaBuilder(options);
  const root = builder.refTo(type);
  const validate = ajv.compile({ $defs: builder.defs, ...(root as object) });
  const check: CompiledRules = (value) => validate(value);
  compiled.set(type, (compiled.get(type) ?? new Map<boolean, CompiledRules>()).set(options.closed, check));
  return check;
}
