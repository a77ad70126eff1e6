import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { isUuid } from '#contracts';
import { ProblemException } from './problem.js';

/** Accepts a UUID (any version, any case; answered in lower case), else a 400 problem naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    const name = metadata.data || 'id';
    // The value is not repeated: a caller who typed a key or a token into the path would see it echoed.
    const given = typeof value === 'string' ? `a value of ${value.length} characters` : 'no value';
    throw ProblemException.validation(
      [{ field: name, message: `${name} must be a UUID` }],
      `Path parameter ${name} must be a UUID (8-4-4-4-12 hexadecimal digits); the request has ${given} there.`,
    );
  }
}
