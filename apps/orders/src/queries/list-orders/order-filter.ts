import { type ListOrdersQuery, parseInstant, type Result } from '#contracts';
import type { OrderFilter } from '../../persistence/order-queries.repository.js';
import { fail, ok } from '../../result.js';
import { decodeCursor } from './order-cursor.js';

/**
 * The repository's filter for a list or export query: its statuses, brands, customer and creation
 * range, and the position after the cursor, with `limit` rows at most. A malformed instant or a
 * cursor this API did not hand out is a refusal naming it.
 */
export function orderFilterOf(query: ListOrdersQuery, limit: number): Result<OrderFilter> {
  const filter: OrderFilter = {
    statuses: query.status,
    brandId: query.brandId,
    brandIds: query.brandIds,
    customerId: query.customerId,
    includeArchived: query.includeArchived === true,
    limit,
  };
  for (const field of ['createdFrom', 'createdTo'] as const) {
    const raw = query[field];
    if (raw === undefined) continue;
    const instant = parseInstant(raw);
    if (!instant) return fail({ code: 'invalid_time', field, detail: `${field} is not an ISO 8601 instant.` });
    filter[field] = instant;
  }
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor);
    if (!cursor) return fail({ code: 'invalid_cursor', detail: 'cursor is not one this API handed out.' });
    filter.after = cursor;
  }
  return ok(filter);
}
