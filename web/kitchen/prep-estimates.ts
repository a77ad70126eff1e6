import { readAvailability } from './availability-api';

/** A brand's prep estimate is read at most this often per page (and again after its availability changes). */
const FRESH_MS = 60_000;
const estimates = new Map<string, { at: number; minutes: Promise<number | null> }>();

/** The brand's prep estimate in minutes (what accepting without prep minutes promises), or null when unreadable. */
export function prepEstimate(brandId: string, now = Date.now()): Promise<number | null> {
  const known = estimates.get(brandId);
  if (known && now - known.at < FRESH_MS) return known.minutes;
  const minutes = readAvailability(brandId).then(
    (view) => view.prepEstimateMinutes,
    () => null,
  );
  estimates.set(brandId, { at: now, minutes });
  return minutes;
}

/** After a change of the brand's availability (BUSY adds minutes), the next read asks again. */
export const forgetPrepEstimate = (brandId: string): void => void estimates.delete(brandId);
