/**
 * The event store reduced, with set-based SQL, to what the summary tables are computed from: the
 * rules of `contributionOf` (domain/order-contribution.ts) for every order at once, with no loop in
 * Node. Partitions sort by bytes (COLLATE "C": abbreviated keys; any order groups the same). Each statement fills a work table of the rebuild's transaction (unlogged, and regular so a
 * scan may run in parallel); the summary statements (summary-rebuilds.ts) read only these.
 */
const ms = (expr: string) => `date_trunc('milliseconds', ${expr})`;
const at = ms(`(e.data->>'at')::timestamptz`);
/** A JSON number as numeric, anything else as NULL (a line priced so adds nothing, as `lineMicro` says). */
const num = (json: string) => `CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${json})::text::numeric END`;
/** Events of orders that count, i.e. whose history starts with order.created. */
const countedEvents = `analytics.rebuild_events e JOIN analytics.rebuild_created c USING (order_id)`;

export const STAGING: { table: string; sql: string }[] = [
  {
    // Each order's contiguous events from sequence 1; of two events with one sequence, the first by event id.
    table: 'rebuild_events',
    sql: `
      SELECT order_id, sequence, type, time, data FROM (
        SELECT f.*, row_number() OVER (PARTITION BY order_id COLLATE "C" ORDER BY sequence) AS position
        FROM (SELECT DISTINCT ON (order_id COLLATE "C", sequence) order_id, sequence, type, time, data
              FROM analytics.order_events ORDER BY order_id COLLATE "C", sequence, event_id) f
      ) numbered
      WHERE sequence = position`,
  },
  {
    // placedAt to the millisecond (as Date.parse reads it); the customer key as customerKeyOf spells it.
    table: 'rebuild_created',
    sql: `
      SELECT e.order_id, e.data->>'brandId' AS brand, ${ms(`(e.data->>'placedAt')::timestamptz`)} AS placed_at,
        CASE WHEN coalesce(e.data->'customer'->>'id', '') <> '' THEN e.data->'customer'->>'id'
             ELSE nullif(regexp_replace(coalesce(e.data->'customer'->>'phoneNumber', ''), '[^+0-9]', '', 'g'), '') END
          AS customer_key,
        e.data->'items' AS items
      FROM analytics.rebuild_events e WHERE e.sequence = 1 AND e.type = 'order.created'`,
  },
  {
    // Each order status change, with the status it left and since when.
    table: 'rebuild_moves',
    sql: `
      SELECT e.order_id, e.sequence, c.brand, c.placed_at, e.data->>'to' AS to_status, ${at} AS at,
        lag(e.data->>'to', 1, 'PLACED') OVER w AS left_status,
        coalesce(lag(${at}) OVER w, c.placed_at) AS since
      FROM ${countedEvents} WHERE e.type = 'order.status_changed'
      WINDOW w AS (PARTITION BY e.order_id COLLATE "C" ORDER BY e.sequence)`,
  },
  {
    // Each item status change of an item already known: QUEUED from placement or from the first
    // order.items_added carrying its plu; a status change of an unknown plu only starts its timeline.
    table: 'rebuild_item_moves',
    sql: `
      WITH touches AS (
        SELECT c.order_id, i.value->>'plu' AS plu, 1 AS sequence, i.ord, NULL::text AS to_status, c.placed_at AS at
        FROM analytics.rebuild_created c, jsonb_array_elements(c.items) WITH ORDINALITY i(value, ord)
        UNION ALL
        SELECT e.order_id, i.value->>'plu', e.sequence, i.ord, NULL, ${ms('e.time')}
        FROM ${countedEvents}, jsonb_array_elements(e.data->'items') WITH ORDINALITY i(value, ord)
        WHERE e.type = 'order.items_added'
        UNION ALL
        SELECT e.order_id, e.data->>'plu', e.sequence, 0, e.data->>'to', ${at}
        FROM ${countedEvents} WHERE e.type = 'order.item_status_changed'
      ), effective AS (
        SELECT t.*, row_number() OVER (PARTITION BY order_id COLLATE "C", plu COLLATE "C" ORDER BY sequence, ord) AS n FROM touches t
      ), timed AS (
        SELECT order_id, to_status, at,
          lag(coalesce(to_status, 'QUEUED')) OVER w AS left_status, lag(at) OVER w AS since
        FROM effective WHERE to_status IS NOT NULL OR n = 1
        WINDOW w AS (PARTITION BY order_id COLLATE "C", plu COLLATE "C" ORDER BY sequence, ord)
      )
      SELECT t.order_id, c.brand, t.left_status, t.since, t.at
      FROM timed t JOIN analytics.rebuild_created c USING (order_id)
      WHERE t.to_status IS NOT NULL AND t.since IS NOT NULL`,
  },
  {
    // Each order's lines as they stand, in millionths: a line is born by order.created (the last of a
    // repeated plu) or its first order.items_added; later additions add to its quantity, a quantity
    // change sets it, a change to 0 or a removal takes the line off for good. Touches before birth count nothing.
    table: 'rebuild_totals',
    sql: `
      WITH touches AS (
        (SELECT DISTINCT ON (c.order_id COLLATE "C", i.value->>'plu' COLLATE "C") c.order_id, i.value->>'plu' AS plu, 1 AS sequence,
           0::bigint AS ord, 'add' AS kind, i.value->'quantity' AS quantity, i.value->'unitPrice' AS price
         FROM analytics.rebuild_created c, jsonb_array_elements(c.items) WITH ORDINALITY i(value, ord)
         ORDER BY c.order_id COLLATE "C", i.value->>'plu' COLLATE "C", i.ord DESC)
        UNION ALL
        SELECT e.order_id, i.value->>'plu', e.sequence, i.ord, 'add', i.value->'quantity', i.value->'unitPrice'
        FROM ${countedEvents}, jsonb_array_elements(e.data->'items') WITH ORDINALITY i(value, ord)
        WHERE e.type = 'order.items_added'
        UNION ALL
        SELECT e.order_id, e.data->>'plu', e.sequence, 0,
          CASE WHEN jsonb_typeof(e.data->'to') <> 'number' THEN 'kill' WHEN (e.data->>'to')::numeric > 0 THEN 'set' ELSE 'kill' END,
          e.data->'to', NULL
        FROM ${countedEvents} WHERE e.type = 'order.item_quantity_changed'
        UNION ALL
        SELECT e.order_id, e.data->>'plu', e.sequence, 0, 'kill', NULL, NULL
        FROM ${countedEvents} WHERE e.type = 'order.item_status_changed' AND e.data->>'reason' = 'removed'
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
    // The orders that count, with what the summaries need of each.
    table: 'rebuild_orders',
    sql: `
      SELECT c.order_id, c.brand, c.placed_at, c.customer_key, coalesce(s.to_status, 'PLACED') AS status,
        coalesce(t.total_micro, 0) AS total_micro
      FROM analytics.rebuild_created c
      LEFT JOIN (SELECT DISTINCT ON (order_id COLLATE "C") order_id, to_status FROM analytics.rebuild_moves
                 ORDER BY order_id COLLATE "C", sequence DESC) s USING (order_id)
      LEFT JOIN analytics.rebuild_totals t USING (order_id)`,
  },
  {
    // Each READY with the promise in force then: the last promise set before it (order.created's, or
    // an order.promised_time_changed); an order created without one has none until one is set.
    table: 'rebuild_readies',
    sql: `
      WITH marks AS (
        SELECT e.order_id, e.sequence, e.type <> 'order.status_changed' AS sets,
          CASE WHEN e.type <> 'order.status_changed' THEN ${ms(`(e.data->>'promisedReadyAt')::timestamptz`)} END AS promised,
          CASE WHEN e.type = 'order.status_changed' THEN ${at} END AS at
        FROM ${countedEvents}
        WHERE e.type IN ('order.created', 'order.promised_time_changed')
           OR (e.type = 'order.status_changed' AND e.data->>'to' = 'READY')
      ), grouped AS (
        SELECT m.*, count(*) FILTER (WHERE sets) OVER (PARTITION BY order_id COLLATE "C" ORDER BY sequence) AS since_promise
        FROM marks m
      ), judged AS (
        SELECT g.*, first_value(promised) OVER (PARTITION BY order_id COLLATE "C", since_promise ORDER BY sequence) AS in_force
        FROM grouped g
      )
      SELECT j.order_id, c.brand, j.at, j.in_force AS promised
      FROM judged j JOIN analytics.rebuild_created c USING (order_id)
      WHERE NOT j.sets AND j.in_force IS NOT NULL`,
  },
];
