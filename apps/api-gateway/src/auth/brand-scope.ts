import type { BrandScope } from '#contracts';
import { ProblemException, ProblemTypes } from '#http';
import type { AuthenticatedCaller } from './caller.js';

/** The scope to send with a message: the caller's brands for a brand-scoped key, nothing otherwise. */
export const scopeOf = (caller: AuthenticatedCaller): BrandScope => (caller.brandIds ? { brandIds: [...caller.brandIds] } : {});

/** A brand-scoped key naming a brand outside its scope (creating an order, or filtering by it) is a 403. */
export function assertBrandInScope(caller: AuthenticatedCaller, brandId: string | undefined, field = 'brandId'): void {
  if (brandId === undefined || !caller.brandIds || caller.brandIds.includes(brandId)) return;
  throw new ProblemException({
    status: 403,
    type: ProblemTypes.forbidden,
    detail: `This key acts only within its own brands; ${field} "${brandId}" is not one of them.`,
  });
}

/** For what acts on every brand at once: a brand-scoped key may not. */
export function assertUnscoped(caller: AuthenticatedCaller, what: string): void {
  if (!caller.brandIds) return;
  throw new ProblemException({
    status: 403,
    type: ProblemTypes.forbidden,
    detail: `${what} acts on every brand; this key is scoped to its own brands.`,
  });
}
