/**
 * The event store reduced, with set-based SQL, to what the summary tables are computed from: the
 * rules of `contributionOf` (domain/order-contribution.ts) for every order at once, with no loop in
 * Node. One pass over the event store (`rebuild_events`) reads each JSON field once into narrow
 * columns, times as integer milliseconds, and walks every order in one sort: which events count,
 * and for each status change the status it left and since when, the promise in force, the order's
 * last status. The statements after it read only these work tables (unlogged, and regular so a scan
 * may run in parallel); the summary statements (summary-rebuilds.ts) read them too. Partitions sort
 * by bytes (COLLATE "C": abbreviated keys; the database's C.UTF-8 orders the same).
 */

/** Whole milliseconds since the epoch, truncated as Date.parse reads an ISO instant (exact in a double). */
const msOf = (instant: string) => `round(date_part('epoch', date_trunc('milliseconds', ${instant})) * 1000)::bigint`;
/** A JSON number as numeric, anything else as NULL (a line priced so adds nothing, as `lineMicro` says). */
const num = (json: string) => `CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${json})::text::numeric END`;

/** quantity × unitPrice of a line in millionths, as `lineMicro` rounds it. */
const lineMicro = (line: string) => `round(round(${num(`${line}->'quantity'`)} * ${num(`${line}->'unitPrice'`)}, 6) * 1000000)`;

/** Event types as small codes, so that no later statement compares their names. */
export const KIND = { created: 1, status: 2, itemStatus: 3, itemsAdded: 4, quantity: 5, promise: 6 } as const;
const kindOf = `CASE type WHEN 'order.created' THEN ${KIND.created} WHEN 'order.status_changed' THEN ${KIND.status}
  WHEN 'order.item_status_changed' THEN ${KIND.itemStatus} WHEN 'order.items_added' THEN ${KIND.itemsAdded}
  WHEN 'order.item_quantity_changed' THEN ${KIND.quantity} WHEN 'order.promised_time_changed' THEN ${KIND.promise}
  ELSE 0 END`;

/**
 * The fields of each event of one shard's orders that some rule reads, and nothing else: what the
 * sort carries. The shard test reads only the order id, so another shard's JSON is never read.
 */
const fieldsOf = (shard: number) => `
  SELECT order_id, sequence, event_id, ${kindOf} AS kind,
    CASE WHEN type IN ('order.status_changed', 'order.item_status_changed') THEN data->>'to' END AS to_status,
    CASE type WHEN 'order.created' THEN ${msOf(`(data->>'placedAt')::timestamptz`)}
      WHEN 'order.items_added' THEN ${msOf('time')}
      WHEN 'order.status_changed' THEN ${msOf(`(data->>'at')::timestamptz`)}
      WHEN 'order.item_status_changed' THEN ${msOf(`(data->>'at')::timestamptz`)} END AS at_ms,
    CASE WHEN type IN ('order.created', 'order.promised_time_changed')
      THEN ${msOf(`(data->>'promisedReadyAt')::timestamptz`)} END AS promised_ms,
    CASE WHEN type IN ('order.item_status_changed', 'order.item_quantity_changed') THEN data->>'plu' END AS plu,
    type = 'order.item_status_changed' AND data->>'reason' IS NOT DISTINCT FROM 'removed' AS removed,
    CASE WHEN type = 'order.item_quantity_changed' THEN jsonb_typeof(data->'to') = 'number'
      AND (data->>'to')::numeric > 0 END AS quantity_set,
    CASE WHEN type = 'order.item_quantity_changed' THEN data->'to' END AS quantity,
    CASE WHEN type IN ('order.created', 'order.items_added') THEN data->'items' END AS items,
    CASE WHEN type = 'order.created' THEN data->>'brandId' END AS brand,
    -- The customer key as customerKeyOf spells it.
    CASE WHEN type <> 'order.created' THEN NULL
      WHEN coalesce(data->'customer'->>'id', '') <> '' THEN data->'customer'->>'id'
      ELSE nullif(regexp_replace(coalesce(data->'customer'->>'phoneNumber', ''), '[^+0-9]', '', 'g'), '') END
      AS customer_key
  FROM analytics.order_events
  WHERE ${shardOf('order_id')} = ${shard}
  ORDER BY order_id COLLATE "C", sequence, event_id COLLATE "C"`; // computed before the sort, so the sort carries these columns rather than each event's JSON

/** The last value of `expr` among the rows of `filter` in the window, by sequence (they are distinct there). */
const lastText = (expr: string, filter: string, window: string) =>
  `substr(max(lpad(sequence::text, 10, '0') || ${expr}) FILTER (WHERE ${filter}) OVER ${window}, 11)`;
const lastMs = (expr: string, filter: string, window: string) =>
  `(max(ARRAY[sequence::bigint, ${expr}]) FILTER (WHERE ${filter}) OVER ${window})[2]`;

/**
 * Each order's events in sequence order; of two with one sequence the first by event id (the order
 * FIELDS sorts them in: the windows order by sequence alone, so ties keep that order and one sort
 * serves both window passes); `applied` the contiguous ones from sequence 1 (the state keeps how
 * many), `counts` those of an order whose history starts with order.created. Status changes carry
 * the status left and since when, READY the promise in force then (the last one set before it, by
 * order.created or a promised_time_changed). Every order keeps its last row, which carries what the
 * order comes to: its brand, placement, customer key, lines as placed, status after its last change,
 * and how many of its events are stored and applied (one with none applied still gets its state row).
 */
const APPLIED = 'first_of_sequence AND position = sequence';
const walkOf = (shard: number) => `
  SELECT order_id, sequence, kind, to_status, at_ms, plu, removed, quantity_set, quantity, items,
    brand, placed_ms, counted AND ${APPLIED} AS counts, counted, last_in_order,
    coalesce(left_status, 'PLACED') AS left_status, coalesce(since_ms, placed_ms) AS since_ms, in_force_ms,
    CASE WHEN last_in_order THEN customer_key END AS customer_key,
    CASE WHEN last_in_order THEN placed_items END AS placed_items,
    CASE WHEN last_in_order THEN coalesce(CASE WHEN ${APPLIED} AND kind = ${KIND.status} THEN to_status ELSE left_status END, 'PLACED') END AS status,
    CASE WHEN last_in_order THEN applied_before + (${APPLIED})::int END AS applied_events,
    CASE WHEN last_in_order THEN position_in_order END AS stored_events
  FROM (
    SELECT r.*,
      count(*) FILTER (WHERE ${APPLIED}) OVER before AS applied_before,
      ${lastText('to_status', `${APPLIED} AND kind = ${KIND.status}`, 'before')} AS left_status,
      ${lastMs('at_ms', `${APPLIED} AND kind = ${KIND.status}`, 'before')} AS since_ms,
      ${lastMs('promised_ms', `${APPLIED} AND kind IN (${KIND.created}, ${KIND.promise})`, 'before')} AS in_force_ms
    FROM (
      SELECT f.order_id, f.sequence, f.kind, f.to_status, f.at_ms, f.promised_ms, f.plu, f.removed, f.quantity_set, f.quantity, f.items,
        sequence IS DISTINCT FROM lag(sequence) OVER w AS first_of_sequence,
        dense_rank() OVER w AS position,
        row_number() OVER w AS position_in_order,
        lead(true) OVER w IS NULL AS last_in_order,
        first_value(kind) OVER w = ${KIND.created} AND first_value(sequence) OVER w = 1 AS counted,
        first_value(brand) OVER w AS brand,
        first_value(at_ms) OVER w AS placed_ms,
        first_value(customer_key) OVER w AS customer_key,
        first_value(items) OVER w AS placed_items
      FROM (${fieldsOf(shard)}) f
      WINDOW w AS (PARTITION BY order_id COLLATE "C" ORDER BY sequence)
    ) r
    WINDOW before AS (PARTITION BY order_id COLLATE "C" ORDER BY sequence ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
  ) walked
  WHERE ${APPLIED} OR last_in_order`;

/** Rows of `rebuild_events` that count for the summaries, of one kind. */
export const counting = (kind: number) => `analytics.rebuild_events WHERE counts AND kind = ${kind}`;

export interface Staging<Sql = string> {
  table: string;
  sql: Sql;
  /** Worth PostgreSQL's JIT compilation (a few hundred ms), which only the pass over every event repays. */
  compile?: boolean;
}

/**
 * Every order's events are in one shard, by a hash of its id (a power of two of them), and each
 * shard is staged on a connection of its own: the walks, which run in one process each, use as many
 * cores as there are shards. The summaries read each work table as the view of all its shards.
 */
export const SHARDS = 2;
const shardOf = (orderId: string) => `(hashtext(${orderId}) & ${SHARDS - 1})`;

/** What every shard stages, in order; each statement reads the work tables of its own shard. */
const PER_SHARD: Staging<string | ((shard: number) => string)>[] = [
  { table: 'rebuild_events', sql: walkOf, compile: true },
  {
    // Each item status change of an item already known: QUEUED from placement or from the first
    // order.items_added carrying its plu; a status change of an unknown plu only starts its timeline.
    table: 'rebuild_item_moves',
    sql: `
      WITH touches AS (
        SELECT e.order_id, e.brand, i.value->>'plu' AS plu, e.sequence, i.ord, NULL::text AS to_status, e.at_ms
        FROM analytics.rebuild_events e, jsonb_array_elements(e.items) WITH ORDINALITY i(value, ord)
        WHERE e.counts AND e.kind IN (${KIND.created}, ${KIND.itemsAdded})
        UNION ALL
        SELECT order_id, brand, plu, sequence, 0, to_status, at_ms FROM ${counting(KIND.itemStatus)}
      ), effective AS (
        SELECT t.*, row_number() OVER (PARTITION BY order_id COLLATE "C", plu COLLATE "C" ORDER BY sequence, ord) AS n FROM touches t
      ), timed AS (
        SELECT brand, to_status, at_ms,
          lag(coalesce(to_status, 'QUEUED')) OVER w AS left_status, lag(at_ms) OVER w AS since_ms
        FROM effective WHERE to_status IS NOT NULL OR n = 1
        WINDOW w AS (PARTITION BY order_id COLLATE "C", plu COLLATE "C" ORDER BY sequence, ord)
      )
      SELECT brand, left_status, since_ms, at_ms FROM timed WHERE to_status IS NOT NULL AND since_ms IS NOT NULL`,
  },
  {
    // The lines of each order edited after placement, as they stand, in millionths: a line is born by
    // order.created (the last of a repeated plu) or its first order.items_added; later additions add to
    // its quantity, a quantity change sets it, a change to 0 or a removal takes the line off for good.
    // Touches before birth count nothing. Every other order's total is its placed_micro.
    table: 'rebuild_totals',
    sql: `
      WITH edited AS (
        SELECT DISTINCT order_id FROM analytics.rebuild_events
        WHERE counts AND (kind IN (${KIND.itemsAdded}, ${KIND.quantity}) OR (kind = ${KIND.itemStatus} AND removed))
      ), e AS MATERIALIZED (
        -- Their events, read in one pass over the work table (none when no order was edited).
        SELECT order_id, sequence, kind, items, plu, removed, quantity_set, quantity FROM analytics.rebuild_events
        WHERE counts AND kind IN (${KIND.created}, ${KIND.itemsAdded}, ${KIND.quantity}, ${KIND.itemStatus})
          AND order_id IN (SELECT order_id FROM edited)
      ), touches AS (
        (SELECT DISTINCT ON (e.order_id COLLATE "C", i.value->>'plu' COLLATE "C") e.order_id, i.value->>'plu' AS plu, 1 AS sequence,
           0::bigint AS ord, 'add' AS kind, i.value->'quantity' AS quantity, i.value->'unitPrice' AS price
         FROM e, jsonb_array_elements(e.items) WITH ORDINALITY i(value, ord)
         WHERE e.kind = ${KIND.created}
         ORDER BY e.order_id COLLATE "C", i.value->>'plu' COLLATE "C", i.ord DESC)
        UNION ALL
        SELECT e.order_id, i.value->>'plu', e.sequence, i.ord, 'add', i.value->'quantity', i.value->'unitPrice'
        FROM e, jsonb_array_elements(e.items) WITH ORDINALITY i(value, ord) WHERE e.kind = ${KIND.itemsAdded}
        UNION ALL
        SELECT order_id, plu, sequence, 0, CASE WHEN quantity_set THEN 'set' ELSE 'kill' END, quantity, NULL
        FROM e WHERE kind = ${KIND.quantity}
        UNION ALL
        SELECT order_id, plu, sequence, 0, 'kill', NULL, NULL FROM e WHERE kind = ${KIND.itemStatus} AND removed
      ), numbered AS (
        SELECT t.*, row_number() OVER (PARTITION BY order_id COLLATE "C", plu COLLATE "C" ORDER BY sequence, ord) AS pos FROM touches t
      ), born AS (
        SELECT n.*, min(pos) FILTER (WHERE kind = 'add') OVER (PARTITION BY order_id COLLATE "C", plu COLLATE "C") AS birth FROM numbered n
      ), alive AS (
        SELECT b.*, max(pos) FILTER (WHERE kind = 'set' OR pos = birth) OVER (PARTITION BY order_id COLLATE "C", plu COLLATE "C") AS last_set
        FROM born b WHERE pos >= birth
      ), lines AS (
        SELECT order_id, bool_or(kind = 'kill') AS removed,
          sum(${num('quantity')}) FILTER (WHERE pos = last_set OR (pos > last_set AND kind = 'add')) AS quantity,
          min(${num('price')}) FILTER (WHERE pos = birth) AS price
        FROM alive GROUP BY order_id, plu
      )
      SELECT order_id, coalesce(sum(round(round(quantity * price, 6) * 1000000)) FILTER (WHERE NOT removed), 0) AS total_micro
      FROM lines GROUP BY order_id`,
  },
  {
    // The orders that count, with what the summaries need of each: an order not edited since placement
    // comes to its lines as placed (the last of a repeated plu counts). A lateral join rather than a
    // subquery in the select list, which kept the statement out of parallel workers.
    table: 'rebuild_orders',
    sql: `
      SELECT e.brand, e.placed_ms, e.customer_key, e.status, coalesce(t.total_micro, placed.micro) AS total_micro
      FROM analytics.rebuild_events e LEFT JOIN analytics.rebuild_totals t USING (order_id)
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(${lineMicro('i.value')}), 0) AS micro
        FROM jsonb_array_elements(e.placed_items) WITH ORDINALITY i(value, ord)
        WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e.placed_items) WITH ORDINALITY later(value, ord)
                          WHERE later.ord > i.ord AND later.value->>'plu' IS NOT DISTINCT FROM i.value->>'plu')) placed
      WHERE e.last_in_order AND e.counted`,
  },
];

const inShard = (table: string, shard: number) => `${table}_${shard}`;

export function shardStaging(shard: number): Staging[] {
  return PER_SHARD.map(({ table, sql, compile }) => ({
    table: inShard(table, shard),
    sql: (typeof sql === 'string' ? sql : sql(shard)).replace(
      /analytics\.(rebuild_[a-z_]+)/g,
      (_, t: string) => `analytics.${inShard(t, shard)}`,
    ),
    compile,
  }));
}

/** Each work table the summaries read, as a view of all shards' (dropped before the tables). */
export const SHARD_VIEWS = PER_SHARD.map(({ table }) => ({
  view: table,
  sql: Array.from({ length: SHARDS }, (_, s) => `SELECT * FROM analytics.${inShard(table, s)}`).join(' UNION ALL '),
}));

export const SHARD_TABLES = Array.from({ length: SHARDS }, (_, s) => shardStaging(s).map((t) => t.table)).flat();

/** Each brand's rank in byte order: what the summary statements pack their order with; staged from all shards. */
export const BRANDS: Staging = {
  table: 'rebuild_brands',
  sql: `SELECT brand, row_number() OVER (ORDER BY brand COLLATE "C") AS rank FROM (SELECT DISTINCT brand FROM analytics.rebuild_orders) b`,
};
