import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { isUuid } from '#contracts';
import { ProblemException } from './problem.js';

/** Accepts a UUID (any version, any case; answered in lower case), else a 400 problem naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    const name = metadata.data || 'id';
    const shown =
      typeof value === 'string' ? JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value) : String(value);
    return this.fail(name, shown);
  }

  private fail(name: string, shown: string): never {
    throw ProblemException.validation(
      [{ field: name, message: `${name} must be a UUID` }],
      `Path parameter ${name} must be a UUID, got ${shown}`,
    );
  }
}
