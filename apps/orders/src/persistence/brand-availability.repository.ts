import type { Reader, Sql } from '#persistence';
import type { AvailabilityState } from '#contracts';
import { type BrandAvailability, neverConfigured } from '../domain/brand-availability.js';

interface BrandRow {
  brand_id: string;
  state: AvailabilityState;
  extra_prep_minutes: number | null;
  until: Date | null;
  last_sequence: number;
}

interface SnoozeRow {
  brand_id: string;
  plu: string;
  until: Date | null;
}

const BRAND_COLUMNS = 'brand_id, state, extra_prep_minutes, until, last_sequence';

async function withSnoozes(sql: Reader, rows: BrandRow[]): Promise<BrandAvailability[]> {
  if (rows.length === 0) return [];
  const snoozes = await sql.rows<SnoozeRow>(
    'SELECT brand_id, plu, until FROM orders.item_availability WHERE brand_id = ANY($1::text[]) ORDER BY brand_id, plu',
    [rows.map((r) => r.brand_id)],
  );
  const byBrand = new Map(rows.map((r) => [r.brand_id, new Map<string, Date | null>()]));
  for (const s of snoozes) byBrand.get(s.brand_id)!.set(s.plu, s.until);
  return rows.map((r) => ({
    brandId: r.brand_id,
    state: r.state,
    extraPrepMinutes: r.extra_prep_minutes,
    until: r.until,
    snoozed: byBrand.get(r.brand_id)!,
    lastSequence: r.last_sequence,
  }));
}

/** The brand's availability as stored (an `until` may have passed since); a brand never configured is ONLINE. */
export async function findAvailability(sql: Reader, brandId: string): Promise<BrandAvailability> {
  const rows = await sql.rows<BrandRow>(`SELECT ${BRAND_COLUMNS} FROM orders.brand_availability WHERE brand_id = $1`, [brandId]);
  return (await withSnoozes(sql, rows))[0] ?? neverConfigured(brandId);
}

/** Every brand ever configured. */
export async function allAvailability(sql: Reader): Promise<BrandAvailability[]> {
  return withSnoozes(sql, await sql.rows<BrandRow>(`SELECT ${BRAND_COLUMNS} FROM orders.brand_availability ORDER BY brand_id`));
}

/**
 * The brand's availability, its row created if missing and locked until the transaction ends:
 * changes of one brand (requests, sweeps of several replicas) apply one after another, each on
 * what the one before left, so its event sequence has no gaps and no repeats.
 */
export async function lockAvailability(tx: Sql, brandId: string): Promise<BrandAvailability> {
  await tx.affected('INSERT INTO orders.brand_availability (brand_id) VALUES ($1) ON CONFLICT (brand_id) DO NOTHING', [brandId]);
  const rows = await tx.rows<BrandRow>(`SELECT ${BRAND_COLUMNS} FROM orders.brand_availability WHERE brand_id = $1 FOR UPDATE`, [
    brandId,
  ]);
  return (await withSnoozes(tx, rows))[0]!;
}

/** Writes what a decision left: the brand's row, and its snoozes as they now are. */
export async function saveAvailability(tx: Sql, before: BrandAvailability, after: BrandAvailability): Promise<void> {
  await tx.affected(
    `UPDATE orders.brand_availability SET state = $2, extra_prep_minutes = $3, until = $4, last_sequence = $5, updated_at = now()
      WHERE brand_id = $1`,
    [after.brandId, after.state, after.extraPrepMinutes, after.until, after.lastSequence],
  );
  const gone = [...before.snoozed.keys()].filter((plu) => !after.snoozed.has(plu));
  if (gone.length) {
    await tx.affected('DELETE FROM orders.item_availability WHERE brand_id = $1 AND plu = ANY($2::text[])', [
      after.brandId,
      gone,
    ]);
  }
  const set = [...after.snoozed].filter(
    ([plu, until]) => !before.snoozed.has(plu) || before.snoozed.get(plu)?.getTime() !== until?.getTime(),
  );
  if (set.length) {
    await tx.affected(
      `INSERT INTO orders.item_availability (brand_id, plu, until)
       SELECT $1, * FROM unnest($2::text[], $3::timestamptz[])
       ON CONFLICT (brand_id, plu) DO UPDATE SET until = excluded.until`,
      [after.brandId, set.map(([plu]) => plu), set.map(([, until]) => until)],
    );
  }
}

/** Brands with an `until` (their own or a snoozed PLU's) that has passed by `now`: what the sweep visits. */
export function brandsWithPassedUntil(sql: Reader, now: Date, limit: number): Promise<{ brand_id: string }[]> {
  return sql.rows<{ brand_id: string }>(
    `SELECT brand_id FROM orders.brand_availability WHERE until <= $1
     UNION SELECT brand_id FROM orders.item_availability WHERE until <= $1
     LIMIT $2`,
    [now, limit],
  );
}

/**
 * What each brand's prep estimate is made of, in one statement: its recent ACCEPTED → READY times
 * (the last `maxSamples` since `since`) and the minutes BUSY adds at `now`.
 */
export async function prepEstimateInputs(
  sql: Reader,
  brandIds: string[],
  since: Date,
  now: Date,
  maxSamples: number,
): Promise<Map<string, { prepTimesMs: number[]; extraMinutes: number }>> {
  if (brandIds.length === 0) return new Map();
  const rows = await sql.rows<{ brand_id: string; prep_ms: number[] | null; extra: number | null }>(
    `SELECT b.brand_id,
            (SELECT array_agg(r.prep_ms) FROM (
               SELECT p.prep_ms::float8 AS prep_ms FROM orders.prep_times p
                WHERE p.brand_id = b.brand_id AND p.ready_at >= $2
                ORDER BY p.ready_at DESC, p.order_id DESC LIMIT $4) r) AS prep_ms,
            (SELECT a.extra_prep_minutes FROM orders.brand_availability a
              WHERE a.brand_id = b.brand_id AND a.state = 'BUSY' AND (a.until IS NULL OR a.until > $3)) AS extra
       FROM unnest($1::text[]) AS b (brand_id)`,
    [[...new Set(brandIds)], since, now, maxSamples],
  );
  return new Map(rows.map((r) => [r.brand_id, { prepTimesMs: r.prep_ms ?? [], extraMinutes: r.extra ?? 0 }]));
}
