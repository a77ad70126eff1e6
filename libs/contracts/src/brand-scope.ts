import type { BrandScope } from './analytics.js';

/** Whether an order of `brandId` lies within the scope: always, for a message without `brandIds`. */
export const inBrandScope = (scope: BrandScope, brandId: string): boolean =>
  scope.brandIds === undefined || scope.brandIds.includes(brandId);
