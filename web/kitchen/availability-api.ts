import type { AvailabilityState, BrandAvailabilityView } from '../../libs/contracts/src/brand-availability';
import { api } from '../shared/api';

const path = (brandId: string) => `/v1/brands/${encodeURIComponent(brandId)}`;

export async function readAvailability(brandId: string): Promise<BrandAvailabilityView> {
  return (await api<BrandAvailabilityView>(`${path(brandId)}/availability`)).body;
}

/** ONLINE, BUSY with extra minutes, or PAUSED; until further notice. */
export async function setAvailability(
  brandId: string,
  state: AvailabilityState,
  extraPrepMinutes?: number,
): Promise<BrandAvailabilityView> {
  const { body } = await api<BrandAvailabilityView>(`${path(brandId)}/availability`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ state, ...(state === 'BUSY' && extraPrepMinutes ? { extraPrepMinutes } : {}) }),
  });
  return body;
}

/** Snoozes the plu (`available` false) or puts it back. */
export async function setItemAvailability(brandId: string, plu: string, available: boolean): Promise<BrandAvailabilityView> {
  const { body } = await api<BrandAvailabilityView>(`${path(brandId)}/items/${encodeURIComponent(plu)}/availability`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ available }),
  });
  return body;
}
