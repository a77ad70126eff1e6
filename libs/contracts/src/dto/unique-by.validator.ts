import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Fails when two elements of an array share the same value of `key`. */
export function UniqueBy(key: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'uniqueBy',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown) {
          if (!Array.isArray(value)) return true;
          const seen = value.map((v: Record<string, unknown> | null) => v?.[key]).filter((v) => v !== undefined);
          return new Set(seen).size === seen.length;
        },
      },
    });
}
