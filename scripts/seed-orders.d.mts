export interface SeedOptions {
  baseUrl: string;
  /** An internal or admin API key: backfilled times need one. */
  key: string;
  orders?: number;
  days?: number;
  concurrency?: number;
  seed?: string;
  now?: number;
  onProgress?: (summary: SeedProgress) => void;
}
export interface SeedProgress {
  created: number;
  existing: number;
  transitions: number;
  failures: number;
  errors: string[];
}
export interface SeedSummary extends SeedProgress {
  elapsedMs: number;
  ordersPerSecond: number;
}
export interface PlannedOrder {
  body: Record<string, any> & { channelOrderId: string; placedAt: string };
  steps: { status: string; at: string; reason?: string; prepMinutes?: number }[];
}
export function seedOrders(options: SeedOptions): Promise<SeedSummary>;
export function planOrder(options: { seed: string; index: number; days: number; now: number; customers: number }): PlannedOrder;
/** Leaves one brand BUSY and one item snoozed (staff or admin key); returns what it did, in words. */
export function seedAvailability(options: { baseUrl: string; key: string; now?: number }): Promise<string[]>;
