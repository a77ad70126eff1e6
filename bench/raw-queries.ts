/**
 * The analytics answers computed the slow, obvious way: plain SQL over the raw event history
 * (analytics.order_events), no summary table involved. What the summary tables are measured against.
 */
const E = 'analytics.order_events';
const KEY = `coalesce(nullif(data->'customer'->>'id', ''), nullif(regexp_replace(coalesce(data->'customer'->>'phoneNumber', ''), '[^+0-9]', '', 'g'), ''))`;
const TOTAL = `(SELECT coalesce(sum((i->>'quantity')::numeric * coalesce((i->>'unitPrice')::numeric, 0)), 0) FROM jsonb_array_elements(data->'items') i)`;

export const RAW = {
  summary: `
    WITH last AS (
      SELECT DISTINCT ON (order_id) order_id, CASE WHEN type = 'order.created' THEN 'PLACED' ELSE data->>'to' END AS status
      FROM ${E} WHERE type IN ('order.created', 'order.status_changed') ORDER BY order_id, sequence DESC),
    picked AS (
      SELECT p.time - c.time AS took FROM ${E} p JOIN ${E} c ON c.order_id = p.order_id AND c.sequence = 1
      WHERE p.type = 'order.status_changed' AND p.data->>'to' = 'PICKED_UP')
    SELECT (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) n FROM last GROUP BY status) s) AS by_status,
           (SELECT avg(extract(epoch FROM took)) FROM picked) AS avg_seconds`,
  throughputHour: `
    WITH marks AS (
      SELECT date_trunc('hour', (data->>'placedAt')::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS b, 'placed' AS k
      FROM ${E} WHERE type = 'order.created'
      UNION ALL
      SELECT date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', data->>'to' FROM ${E}
      WHERE type = 'order.status_changed' AND data->>'to' IN ('PICKED_UP', 'REJECTED', 'CANCELLED'))
    SELECT b, count(*) FILTER (WHERE k = 'placed') placed, count(*) FILTER (WHERE k = 'PICKED_UP') picked_up,
      count(*) FILTER (WHERE k = 'REJECTED') rejected, count(*) FILTER (WHERE k = 'CANCELLED') cancelled
    FROM marks WHERE b >= $1::timestamptz AND b < $2::timestamptz GROUP BY b ORDER BY b`,
  orderDurations: `
    WITH steps AS (
      SELECT time, lag(time) OVER w AS since,
        lag(CASE WHEN type = 'order.created' THEN 'PLACED' ELSE data->>'to' END) OVER w AS status
      FROM ${E} WHERE type IN ('order.created', 'order.status_changed')
      WINDOW w AS (PARTITION BY order_id ORDER BY sequence))
    SELECT status, count(*) AS count, avg(extract(epoch FROM time - since)) AS avg_seconds FROM steps
    WHERE status IS NOT NULL AND time >= $1::timestamptz AND time < $2::timestamptz GROUP BY status ORDER BY status`,
  topCustomers: `
    SELECT * FROM (
      SELECT ${KEY} AS key, count(*) AS orders, min((data->>'placedAt')::timestamptz) AS first, max((data->>'placedAt')::timestamptz) AS last,
        sum(${TOTAL}) AS total
      FROM ${E} WHERE type = 'order.created' GROUP BY 1) c
    WHERE key IS NOT NULL ORDER BY orders DESC, key COLLATE "C" LIMIT $1`,
  customer: `
    SELECT count(*) AS orders, min((data->>'placedAt')::timestamptz) AS first, max((data->>'placedAt')::timestamptz) AS last, sum(${TOTAL}) AS total
    FROM ${E} WHERE type = 'order.created' AND ${KEY} = $1`,
};
