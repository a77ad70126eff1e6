import type { BrandAvailabilityView } from '#contracts';

export const AVAILABILITY_EXAMPLE: BrandAvailabilityView = {
  brandId: '60bfc6dc4887c9851d5a0245',
  state: 'BUSY',
  extraPrepMinutes: 10,
  until: '2026-12-03T18:00:00.000Z',
  prepEstimateMinutes: 25,
  snoozedItems: [{ plu: 'CAT1-0001', until: null }],
};
