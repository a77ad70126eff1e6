import type { BrandScope } from '#contracts';

/**
 * The brands a query covers: `null` for every brand. A `brandId` filter narrows the caller's
 * scope; one outside it (the gateway refuses that first) covers nothing rather than more.
 */
export function brandsOf(q: BrandScope & { brandId?: string }): string[] | null {
  if (q.brandId !== undefined) return !q.brandIds || q.brandIds.includes(q.brandId) ? [q.brandId] : [];
  return q.brandIds ? [...q.brandIds] : null;
}
