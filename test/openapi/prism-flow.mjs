// A short flow sent through Prism's validating proxy. With --errors Prism answers a request that
// breaks the document with 422 and a response that breaks it with 500, both problem documents
// typed under stoplight.io/prism/errors; it also logs each violation. Both are collected here,
// with any status other than the one the flow expects.
import { randomUUID } from 'node:crypto';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitListening(prism, url, output) {
  for (let i = 0; i < 240; i++) {
    if (prism.exitCode !== null) throw new Error(`Prism exited (${prism.exitCode}):\n${output.join('')}`);
    const up = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (up) return;
    await sleep(250);
  }
  throw new Error(`Prism did not listen within 60 s:\n${output.join('')}`);
}

/** The README's first order, under a channel order id of this run. */
const newOrder = () => ({
  channelOrderId: `PRISM-${Date.now()}`,
  brandId: '60bfc6dc4887c9851d5a0245',
  customer: { name: 'John Doe', phoneNumber: '+123456789' },
  fulfillment: { mode: 'DINE_IN', table: '12' },
  items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
  payments: [{ reference: `pay-prism-${randomUUID()}`, amount: 12.5 }],
});

/** Runs the flow; returns the violations Prism reported and the unexpected statuses. */
export async function runFlowThroughPrism(prism, prismUrl, keys) {
  const output = [];
  prism.stdout.on('data', (chunk) => output.push(String(chunk)));
  prism.stderr.on('data', (chunk) => output.push(String(chunk)));
  await waitListening(prism, `${prismUrl}/health/live`, output);

  const problems = [];
  const call = async (step, expected, method, path, role, body, headers = {}) => {
    const res = await fetch(`${prismUrl}${path}`, {
      method,
      headers: {
        ...(role === 'none' ? {} : { authorization: `Bearer ${keys[role]}` }),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    const header = res.headers.get('sl-violations');
    if (header) problems.push(`${step}: ${header}`);
    if (typeof json?.type === 'string' && json.type.includes('stoplight.io/prism')) {
      problems.push(`${step}: ${res.status} ${json.title}: ${JSON.stringify(json.validation ?? json.detail)}`);
    } else if (res.status !== expected) {
      problems.push(`${step}: expected ${expected}, got ${res.status} ${text.slice(0, 300)}`);
    }
    console.log(`${step.padEnd(36)} ${method.padEnd(5)} ${path} -> ${res.status}`);
    return { json, etag: res.headers.get('etag') };
  };

  const created = await call('create', 201, 'POST', '/v1/orders', 'channel', newOrder());
  const id = created.json?.id;
  if (!id) return [...problems, 'create: no order id, the flow stops here'];
  const read = await call('read', 200, 'GET', `/v1/orders/${id}`, 'staff');
  await call('read again (If-None-Match)', 304, 'GET', `/v1/orders/${id}`, 'staff', undefined, { 'if-none-match': read.etag });
  await call(
    'accept',
    200,
    'PATCH',
    `/v1/orders/${id}/status`,
    'staff',
    { status: 'ACCEPTED', prepMinutes: 20 },
    { 'if-match': '"1"' },
  );
  const later = new Date(Date.now() + 45 * 60_000).toISOString();
  await call('move the promise', 200, 'PATCH', `/v1/orders/${id}/promised-time`, 'staff', {
    promisedReadyAt: later,
    reason: 'oven down',
  });
  await call('edit the details', 200, 'PATCH', `/v1/orders/${id}`, 'staff', { customer: { name: 'Jane Doe' } });
  await call('change a quantity', 200, 'PATCH', `/v1/orders/${id}/items/CAT1-0001`, 'staff', { quantity: 2 });
  await call('goodwill refund', 201, 'POST', `/v1/orders/${id}/refunds`, 'admin', { amount: 2, reason: 'late' });
  await call('goodwill refund beyond what is left', 409, 'POST', `/v1/orders/${id}/refunds`, 'admin', {
    amount: 20,
    reason: 'late',
  });
  await call('list', 200, 'GET', '/v1/orders?status=ACCEPTED&limit=10', 'staff');
  await call('illegal move (ACCEPTED -> PICKED_UP)', 409, 'PATCH', `/v1/orders/${id}/status`, 'staff', { status: 'PICKED_UP' });
  await call('unknown order', 404, 'GET', `/v1/orders/${randomUUID()}`, 'staff');
  await call('track the order (no key)', 200, 'GET', `/v1/track/${created.json.trackingToken}`, 'none');

  // Brand availability on a brand of this run: busy, a snoozed item refused at intake, back online.
  const brand = `prism-brand-${Date.now()}`;
  const until = new Date(Date.now() + 60 * 60_000).toISOString();
  await call('set the brand busy', 200, 'PUT', `/v1/brands/${brand}/availability`, 'staff', {
    state: 'BUSY',
    extraPrepMinutes: 10,
    until,
  });
  await call('snooze an item', 200, 'PUT', `/v1/brands/${brand}/items/CAT1-0001/availability`, 'staff', { available: false });
  await call('create holding it (items-unavailable)', 409, 'POST', '/v1/orders', 'channel', { ...newOrder(), brandId: brand });
  await call('read the availability', 200, 'GET', `/v1/brands/${brand}/availability`, 'staff');
  await call('un-snooze the item', 200, 'PUT', `/v1/brands/${brand}/items/CAT1-0001/availability`, 'staff', { available: true });
  await call('pause the brand', 200, 'PUT', `/v1/brands/${brand}/availability`, 'staff', { state: 'PAUSED' });
  await call('create (store-paused)', 409, 'POST', '/v1/orders', 'channel', { ...newOrder(), brandId: brand });
  await call('back online', 200, 'PUT', `/v1/brands/${brand}/availability`, 'staff', { state: 'ONLINE' });

  const logged = output
    .join('')
    .split('\n')
    .filter((line) => /violation/i.test(line));

  // A control: a body with a field the document does not allow must be stopped by Prism itself,
  // or the flow above proved nothing.
  const control = await fetch(`${prismUrl}/v1/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.channel}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...newOrder(), colour: 'red' }),
  });
  const controlBody = await control.json();
  if (control.status !== 422 || !String(controlBody.type).includes('stoplight.io/prism')) {
    problems.push(`control: Prism let an undocumented field through (${control.status} ${JSON.stringify(controlBody)})`);
  } else {
    console.log(`${'control: undocumented field'.padEnd(36)} POST  /v1/orders -> 422 from Prism itself, as it should`);
  }
  return [...problems, ...logged.map((line) => `Prism log: ${line.trim()}`)];
}
