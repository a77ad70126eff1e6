import { useEffect, useState } from 'react';
import { api } from '../shared/api';

/** Enough recent orders to meet every active brand; no endpoint lists brands. */
const RECENT_ORDERS = 500;

/**
 * Brands seen in the newest orders this key may list: a brand-scoped key lists only its own. A
 * failure leaves the list empty (the brand field still takes any id); the figures report it.
 */
export function useBrands(): string[] {
  const [brands, setBrands] = useState<string[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    api<{ items: { brandId: string }[] }>(`/v1/orders?limit=${RECENT_ORDERS}`, { signal: controller.signal })
      .then(({ body }) => setBrands([...new Set(body.items.map((o) => o.brandId))].sort()))
      .catch(() => {});
    return () => controller.abort();
  }, []);
  return brands;
}
