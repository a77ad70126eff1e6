import type { HostileCase } from './hostile-cases.js';

/**
 * The webhook admin routes under fire. Every case is refused by the gateway (validation, the
 * address policy) before anything is asked of the webhooks service, so they hold with webhooks
 * configured or not. The stack runs with the contract's defaults: https only, no private network.
 */
const SUB = '00000000-0000-4000-8000-00000000beef';
const url = 'https://hooks.example.com/orders';

const send = (name: string, method: 'post' | 'patch', path: string, body: unknown, field: string, status = 400): HostileCase => ({
  name: `webhooks: ${name}`,
  method,
  path,
  role: 'admin',
  body,
  status,
  field,
});
const create = (name: string, body: unknown, field: string) =>
  send(`create ${name}`, 'post', '/v1/webhooks', { url, types: ['*'], ...(body as object) }, field);
const read = (name: string, path: string, field: string): HostileCase => ({
  name: `webhooks: ${name}`,
  method: 'get',
  path,
  role: 'admin',
  status: 400,
  field,
});

export function webhookCases(): HostileCase[] {
  return [
    create('with an http url', { url: 'http://hooks.example.com/orders' }, 'url'),
    create('with an ftp url', { url: 'ftp://hooks.example.com/orders' }, 'url'),
    create('with a relative url', { url: '/hooks' }, 'url'),
    create('with a loopback url', { url: 'https://127.0.0.1/hooks' }, 'url'),
    create('with a loopback url in decimal', { url: 'https://2130706433/hooks' }, 'url'),
    create('with localhost', { url: 'https://localhost:8443/hooks' }, 'url'),
    create('with a private url', { url: 'https://10.0.0.7/hooks' }, 'url'),
    create('with a link-local url', { url: 'https://169.254.10.1/hooks' }, 'url'),
    create('with the metadata address', { url: 'https://169.254.169.254/latest/meta-data/' }, 'url'),
    create('with IPv6 loopback', { url: 'https://[::1]/hooks' }, 'url'),
    create('with IPv4-mapped IPv6 loopback', { url: 'https://[::ffff:127.0.0.1]/hooks' }, 'url'),
    create('with a unique-local IPv6 address', { url: 'https://[fd00::1]/hooks' }, 'url'),
    create('with credentials in the url', { url: 'https://user:pw@hooks.example.com/orders' }, 'url'),
    create('with a url of 3,000 characters', { url: `https://hooks.example.com/${'a'.repeat(3_000)}` }, 'url'),
    create('with a NUL in the url', { url: 'https://hooks.example.com/a\u0000b' }, 'url'),
    create('with a number as url', { url: 42 }, 'url'),
    send('create without url', 'post', '/v1/webhooks', { types: ['*'] }, 'url'),
    create('with an unknown event type', { types: ['order.deleted'] }, 'types'),
    create('with no types', { types: [] }, 'types'),
    create('with * beside a type', { types: ['*', 'order.created'] }, 'types'),
    create('with a type twice', { types: ['order.created', 'order.created'] }, 'types'),
    create('with types as a string', { types: 'order.created' }, 'types'),
    create('with an empty brand id', { brandIds: [''] }, 'brandIds'),
    create('with a NUL in a brand id', { brandIds: ['a\u0000b'] }, 'brandIds'),
    create('with brandIds as a string', { brandIds: 'brand-1' }, 'brandIds'),
    create('with 101 brands', { brandIds: Array.from({ length: 101 }, (_, i) => `b${i}`) }, 'brandIds'),
    create('with a description of 501 characters', { description: 'd'.repeat(501) }, 'description'),
    create('choosing its own secret', { secret: 'whsec_mine' }, 'secret'),
    create('choosing its status', { status: 'ENABLED' }, 'status'),
    send('update with an unknown status', 'patch', `/v1/webhooks/${SUB}`, { status: 'PAUSED' }, 'status'),
    send('update with an unknown event type', 'patch', `/v1/webhooks/${SUB}`, { types: ['order.*'] }, 'types'),
    send('update to a private url', 'patch', `/v1/webhooks/${SUB}`, { url: 'https://192.168.1.1/x' }, 'url'),
    send('update to an http url', 'patch', `/v1/webhooks/${SUB}`, { url: 'http://hooks.example.com/x' }, 'url'),
    send('update of a non-UUID id', 'patch', '/v1/webhooks/not-a-uuid', { status: 'DISABLED' }, 'id'),
    send(
      'replay with a date that is not one',
      'post',
      `/v1/webhooks/${SUB}/replay`,
      { from: 'yesterday', to: '2026-01-02T00:00:00Z' },
      'from',
    ),
    send('replay without to', 'post', `/v1/webhooks/${SUB}/replay`, { from: '2026-01-01T00:00:00Z' }, 'to'),
    send(
      'replay of an empty range',
      'post',
      `/v1/webhooks/${SUB}/replay`,
      { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      'to',
    ),
    send(
      'replay without an offset',
      'post',
      `/v1/webhooks/${SUB}/replay`,
      { from: '2026-01-01T00:00:00', to: '2026-01-02T00:00:00Z' },
      'from',
    ),
    send('retry of a non-UUID delivery', 'post', `/v1/webhooks/${SUB}/deliveries/1/retry`, {}, 'deliveryId'),
    send('rotation of a non-UUID id', 'post', '/v1/webhooks/1%27%20OR%201=1/rotate-secret', {}, 'id'),
    read('get of a non-UUID id', '/v1/webhooks/..%2F..%2Fetc', 'id'),
    read('deliveries with an unknown status', `/v1/webhooks/${SUB}/deliveries?status=LOST`, 'status'),
    read('deliveries with limit 0', `/v1/webhooks/${SUB}/deliveries?limit=0`, 'limit'),
    read('deliveries with limit 501', `/v1/webhooks/${SUB}/deliveries?limit=501`, 'limit'),
    read('deliveries with a non-UUID orderId', `/v1/webhooks/${SUB}/deliveries?orderId=42`, 'orderId'),
    read('deliveries with an unknown parameter', `/v1/webhooks/${SUB}/deliveries?__proto__=x`, '__proto__'),
  ];
}
