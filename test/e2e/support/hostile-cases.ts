import { OVERSIZED_CASES } from './oversized-bodies.js';
import { webhookCases } from './hostile-webhook-cases.js';
import { trackingCases } from './hostile-tracking-cases.js';
import { availabilityCases } from './hostile-availability-cases.js';
import { EDIT_CASES } from './hostile-edit-cases.js';
import { KEY_CASES } from './hostile-key-cases.js';

/**
 * Requests an attacker or a broken client would send, one route at a time. Each must be a 4xx
 * problem naming `field` (in `errors[].field`, or in `detail`), and none may change anything.
 * Paths may hold `{order}` (a PLACED order of the test), `{plu}` (its one item) and `{key}` (the
 * API key the request is sent with, which no answer may repeat).
 */
export interface HostileCase {
  name: string;
  method: 'get' | 'post' | 'patch' | 'put';
  path: string;
  role: 'channel' | 'staff' | 'analyst' | 'internal' | 'admin';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent byte for byte (with `contentType`, default application/json). */
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  status: number;
  field: string;
  /** Valid at the gateway, refused by the orders service from what the order already holds. */
  reachesOrders?: boolean;
}

export const validOrder = () => ({
  channelOrderId: `HOSTILE-${Math.random().toString(36).slice(2, 10)}`,
  brandId: 'brand-hostile',
  account: 'acct-1',
  customer: { id: 'c-1', name: 'Eve', phoneNumber: '+358 40 123 4567' },
  deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
  pickupTime: new Date(Date.now() + 30 * 60_000).toISOString(),
  items: [{ plu: 'P-1', name: 'Soup', quantity: 2, unitPrice: 7.25 }],
  payments: [{ reference: `pay-${Math.random().toString(36).slice(2, 10)}`, amount: 14.5 }],
  currency: 'EUR',
});

/** A copy of `value` with the dotted `path` set (`undefined` deletes it). */
function withAt<T>(value: T, path: string, replacement: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy as T;
}

const NUL = 'a\u0000b';
const HIGH = 'a\ud800';
const LOW = '\udc00b';
const HUGE = 'x'.repeat(100_000);
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** Bytes that are not UTF-8 (0xC3 0x28) between two pieces of JSON text. */
const badUtf8 = (before: string, after: string) =>
  Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]);
/** `json` with those bytes placed just inside the end quote of the string literal `literal`. */
const badUtf8Inside = (json: string, literal: string) => {
  const at = json.indexOf(literal) + literal.length - 1;
  return badUtf8(json.slice(0, at), json.slice(at));
};

const create = (
  name: string,
  body: unknown,
  field: string,
  status = 400,
  role: HostileCase['role'] = 'channel',
): HostileCase => ({
  name: `create: ${name}`,
  method: 'post',
  path: '/v1/orders',
  role,
  body,
  status,
  field,
});
const createRaw = (name: string, raw: string | Buffer, field: string, status = 400, contentType?: string): HostileCase => ({
  name: `create: ${name}`,
  method: 'post',
  path: '/v1/orders',
  role: 'channel',
  raw,
  contentType,
  status,
  field,
});
/** The order as JSON text with `"<key>":` spliced in at the top level, ahead of the rest. */
const orderJsonWith = (member: string) => `{${member},${JSON.stringify(validOrder()).slice(1)}`;

const TEXT_FIELDS = [
  'channelOrderId',
  'brandId',
  'account',
  'customer.id',
  'customer.name',
  'deliveryAddress.city',
  'deliveryAddress.street',
  'deliveryAddress.postalCode',
  'items.0.name',
  'payments.0.reference',
];

function createCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const field of TEXT_FIELDS) {
    for (const [what, value] of [
      ['a NUL character', NUL],
      ['a lone high surrogate', HIGH],
      ['a lone low surrogate', LOW],
      ['a number', 123],
      ['an array', ['x']],
      ['an object', { x: 1 }],
      ['100,000 characters', HUGE],
    ] as const) {
      cases.push(create(`${field} is ${what}`, withAt(validOrder(), field, value), field));
    }
  }
  for (const [what, value] of [
    ['"+(-)"', '+(-)'],
    ['blank', '   '],
    ['4 digits', '1234'],
    ['16 digits', '1234567890123456'],
    ['with a NUL', '+358\u000040123'],
    ['full-width digits', '１２３４５６７'],
    ['a number', 35840123],
    ['letters', 'call me maybe'],
  ] as const) {
    cases.push(
      create(`customer.phoneNumber ${what}`, withAt(validOrder(), 'customer.phoneNumber', value), 'customer.phoneNumber'),
    );
  }
  for (const [what, value] of [
    ['0', 0],
    ['negative', -1],
    ['10,001', 10_001],
    ['1e5', 1e5],
    ['a fraction', 1.5],
    ['a numeric string', '1'],
    ['null', null],
    ['true', true],
    ['an array', [1]],
    ['missing', undefined],
  ] as const) {
    cases.push(create(`items.0.quantity ${what}`, withAt(validOrder(), 'items.0.quantity', value), 'items.0.quantity'));
  }
  for (const target of ['items.0.unitPrice', 'payments.0.amount']) {
    for (const [what, value] of [
      ['negative', -0.01],
      ['over a billion', 1_000_000_000.5],
      ['five decimals', 0.12345],
      ['1e-7', 1e-7],
      ['1.5e-7', 1.5e-7],
      ['0.1 + 0.2', 0.1 + 0.2],
      ['a string', '12.5'],
      ['an object', { value: 1 }],
    ] as const) {
      cases.push(create(`${target} ${what}`, withAt(validOrder(), target, value), target));
    }
  }
  const order = JSON.stringify(validOrder());
  for (const [what, literal] of [
    ['1e400 (Infinity)', '1e400'],
    ['-1e400', '-1e400'],
    ['1E+10', '1E+10'],
  ] as const) {
    cases.push(createRaw(`unitPrice ${what}`, order.replace('"unitPrice":7.25', `"unitPrice":${literal}`), 'items.0.unitPrice'));
    cases.push(createRaw(`quantity ${what}`, order.replace('"quantity":2', `"quantity":${literal}`), 'items.0.quantity'));
  }
  const line = (i: number, quantity = 1, unitPrice = 1) => ({ plu: `P-${i}`, name: `Item ${i}`, quantity, unitPrice });
  cases.push(
    create('201 items', { ...validOrder(), items: Array.from({ length: 201 }, (_, i) => line(i)) }, 'items'),
    create('a total over a billion', { ...validOrder(), items: [line(1, 10_000, 100_001)] }, 'items'),
    create(
      '200 items × 10,000 × a billion',
      { ...validOrder(), items: Array.from({ length: 200 }, (_, i) => line(i, 10_000, 1e9)) },
      'items',
    ),
    create('no items', { ...validOrder(), items: [] }, 'items'),
    create('items as an object', { ...validOrder(), items: { 0: line(1) } }, 'items'),
    create('items as a string', { ...validOrder(), items: 'P-1' }, 'items'),
    create('a repeated plu', { ...validOrder(), items: [line(1), line(1)] }, 'items'),
    create('an item that is null', { ...validOrder(), items: [null] }, 'items.0'),
    create('a plu with a space', withAt(validOrder(), 'items.0.plu', 'P 1'), 'items.0.plu'),
    create('a plu with a NUL', withAt(validOrder(), 'items.0.plu', 'P\u00001'), 'items.0.plu'),
    create(
      '21 payments',
      { ...validOrder(), payments: Array.from({ length: 21 }, (_, i) => ({ reference: `r-${i}`, amount: 1 })) },
      'payments',
    ),
    create('payments as an object', { ...validOrder(), payments: { reference: 'r', amount: 1 } }, 'payments'),
    create(
      'a repeated payment reference',
      {
        ...validOrder(),
        payments: [
          { reference: 'r', amount: 1 },
          { reference: 'r', amount: 2 },
        ],
      },
      'payments',
    ),
    create('customer as an array', { ...validOrder(), customer: [{ name: 'Eve' }] }, 'customer'),
    create('customer as a string', { ...validOrder(), customer: 'Eve' }, 'customer'),
    create('customer without name or phone', { ...validOrder(), customer: { id: 'c-1' } }, 'customer.name'),
    ...(
      [
        ['spaces', '   '],
        ['tabs and a newline', '\t\t\n'],
        ['zero-width and no-break spaces', '\u200b\u00a0\u200b\ufeff'],
        ['a Hangul filler and an ideographic space', '\u3164\u3000'],
      ] as const
    ).map(([what, name]) =>
      create(`a customer name of only ${what}, no phone`, { ...validOrder(), customer: { id: 'c-1', name } }, 'customer.name'),
    ),
    create('deliveryAddress as an array', { ...validOrder(), deliveryAddress: ['Helsinki'] }, 'deliveryAddress'),
    create('no channelOrderId', withAt(validOrder(), 'channelOrderId', undefined), 'channelOrderId'),
    create('an empty brandId', withAt(validOrder(), 'brandId', ''), 'brandId'),
    create('channelOrderId null', withAt(validOrder(), 'channelOrderId', null), 'channelOrderId'),
    create('pickupTime month 13', withAt(validOrder(), 'pickupTime', '2021-13-01T00:00:00Z'), 'pickupTime'),
    create('pickupTime in words', withAt(validOrder(), 'pickupTime', 'tomorrow at noon'), 'pickupTime'),
    create('pickupTime as a number', withAt(validOrder(), 'pickupTime', 1626985682), 'pickupTime'),
    create('pickupTime in year 300000', withAt(validOrder(), 'pickupTime', '+300000-01-01T00:00:00Z'), 'pickupTime'),
    create('currency in lower case', withAt(validOrder(), 'currency', 'eur'), 'currency'),
    create('currency of four letters', withAt(validOrder(), 'currency', 'EURO'), 'currency'),
    create('placedAt from a channel key', { ...validOrder(), placedAt: '2021-07-22T20:28:02Z' }, 'placedAt', 403),
    create('placedAt in the future', { ...validOrder(), placedAt: '2999-01-01T00:00:00Z' }, 'placedAt', 400, 'internal'),
    create('placedAt not a date', { ...validOrder(), placedAt: 'yesterday' }, 'placedAt', 400, 'internal'),
    create('an unknown top-level field', { ...validOrder(), isAdmin: true }, 'isAdmin'),
    create('an unknown customer field', withAt(validOrder(), 'customer.role', 'admin'), 'customer.role'),
    create('an unknown item field', withAt(validOrder(), 'items.0.discount', 100), 'items.0.discount'),
    createRaw('a __proto__ key', orderJsonWith('"__proto__":{"isAdmin":true}'), '__proto__'),
    createRaw('a constructor key', orderJsonWith('"constructor":{"prototype":{"isAdmin":true}}'), 'constructor'),
    createRaw(
      'a __proto__ key in customer',
      order.replace('"customer":{', '"customer":{"__proto__":{"x":1},'),
      'customer.__proto__',
    ),
    createRaw('a constructor key in an item', order.replace('{"plu"', '{"constructor":1,"plu"'), 'items.0.constructor'),
    createRaw(
      'JSON nested 5,000 deep in customer',
      order.replace('"customer":{', `"customer":{"x":${nested(5000)},`),
      'customer',
    ),
    createRaw('JSON nested 5,000 deep at the top', orderJsonWith(`"deep":${nested(5000)}`), 'deep'),
    createRaw(
      'arrays nested 5,000 deep in items',
      order.replace('"items":[', `"items":[${'['.repeat(5000)}${']'.repeat(5000)},`),
      'items',
    ),
    createRaw('invalid UTF-8 in customer.name', badUtf8Inside(order, '"Eve"'), 'customer.name'),
    createRaw('invalid UTF-8 in brandId', badUtf8Inside(order, '"brand-hostile"'), 'brandId'),
    createRaw('invalid UTF-8 in a key', badUtf8('{"x', `":1,${order.slice(1)}`), 'x'),
    createRaw(
      'a duplicate key whose last value has a NUL',
      order.replace(/}$/, ',"brandId":"ok","brandId":"a\\u0000"}'),
      'brandId',
    ),
    createRaw('a duplicate quantity, the last 0', order.replace('"quantity":2', '"quantity":2,"quantity":0'), 'items.0.quantity'),
    createRaw(
      'JSON with a \\u0000 escape in channelOrderId',
      order.replace(/"channelOrderId":"[^"]+"/, '"channelOrderId":"x\\u0000"'),
      'channelOrderId',
    ),
    createRaw(
      'JSON with a \\udfff escape in brandId',
      order.replace('"brandId":"brand-hostile"', '"brandId":"\\udfffbrand"'),
      'brandId',
    ),
    createRaw('malformed JSON', '{"channelOrderId": ', 'body'),
    createRaw('a trailing comma', order.replace(/}$/, ',}'), 'body'),
    createRaw('single quotes', order.replaceAll('"', "'"), 'body'),
    createRaw('brandId given twice', order.replace(/}$/, ',"brandId":"another-brand"}'), 'brandId'),
    createRaw(
      "a line's quantity given twice, escaped once",
      order.replace('"quantity":', '"quantity":9,"\\u0071uantity":'),
      'items.0.quantity',
    ),
    createRaw('JSON null', 'null', 'body'),
    createRaw('a JSON array', `[${order}]`, 'body'),
    createRaw('a JSON string', '"order"', 'body'),
    createRaw('an empty body', '', 'channelOrderId'),
    createRaw('an empty object', '{}', 'channelOrderId'),
    createRaw('text/plain', order, 'Content-Type', 415, 'text/plain'),
    createRaw('a form', 'channelOrderId=x&brandId=y', 'Content-Type', 415, 'application/x-www-form-urlencoded'),
    createRaw('XML', '<order/>', 'Content-Type', 415, 'application/xml'),
    createRaw('JSON in latin1', order, 'charset', 415, 'application/json; charset=latin1'),
    createRaw('JSON in UTF-16LE', Buffer.from(order, 'utf16le'), 'charset', 415, 'application/json; charset=utf-16le'),
    createRaw(
      'JSON in UTF-16 BE with a BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(order, 'utf16le').swap16()]),
      'charset',
      415,
      'application/json; charset=utf-16',
    ),
    createRaw(
      'JSON in UTF-16 with a stray byte',
      Buffer.concat([Buffer.from(order, 'utf16le'), Buffer.from([0x7b])]),
      'charset',
      415,
      'application/json; charset=utf-16',
    ),
    createRaw('JSON said to be UTF-32', order, 'charset', 415, 'application/json; charset=utf-32'),
    createRaw('UTF-16LE bytes without a charset', Buffer.from(order, 'utf16le'), 'body'),
    createRaw('1.5 MB', JSON.stringify({ ...validOrder(), account: 'x'.repeat(1_500_000) }), 'body', 413),
  );
  cases.push(
    {
      ...create('an Idempotency-Key of 300 characters', validOrder(), 'Idempotency-Key'),
      headers: { 'Idempotency-Key': 'k'.repeat(300) },
    },
    { ...create('a blank Idempotency-Key', validOrder(), 'Idempotency-Key'), headers: { 'Idempotency-Key': '   ' } },
  );
  return cases;
}

const patch = (
  name: string,
  path: string,
  role: HostileCase['role'],
  body: unknown,
  field: string,
  status = 400,
): HostileCase => ({
  name,
  method: 'patch',
  path,
  role,
  body,
  status,
  field,
});

function addItemsCases(): HostileCase[] {
  const line = (over: Record<string, unknown> = {}) => ({ plu: 'N-1', name: 'Bread', quantity: 1, unitPrice: 3, ...over });
  const add = (name: string, body: unknown, field: string, extra: Partial<HostileCase> = {}): HostileCase => ({
    name: `add items: ${name}`,
    method: 'post',
    path: '/v1/orders/{order}/items',
    role: 'channel',
    body,
    status: 400,
    field,
    ...extra,
  });
  return [
    add('quantity 0', { items: [line({ quantity: 0 })] }, 'items.0.quantity'),
    add('quantity 10,001', { items: [line({ quantity: 10_001 })] }, 'items.0.quantity'),
    add('a name with NUL', { items: [line({ name: NUL })] }, 'items.0.name'),
    add('a name with a lone surrogate', { items: [line({ name: HIGH })] }, 'items.0.name'),
    add('a plu with a lone surrogate', { items: [line({ plu: HIGH })] }, 'items.0.plu'),
    add('unitPrice 1e-7', { items: [line({ unitPrice: 1e-7 })] }, 'items.0.unitPrice'),
    add('unitPrice a string', { items: [line({ unitPrice: '3' })] }, 'items.0.unitPrice'),
    add('no items', { items: [] }, 'items'),
    add('items missing', {}, 'items'),
    add('items as an object', { items: line() }, 'items'),
    add('201 items', { items: Array.from({ length: 201 }, (_, i) => line({ plu: `N-${i}` })) }, 'items'),
    add('a total over a billion', { items: [line({ quantity: 10_000, unitPrice: 100_001 })] }, 'items'),
    add('an unknown field', { items: [line()], note: 'x' }, 'note'),
    add('an unknown item field', { items: [line({ colour: 'red' })] }, 'items.0.colour'),
    { ...add('a __proto__ key', undefined, '__proto__'), raw: `{"__proto__":{"x":1},"items":[${JSON.stringify(line())}]}` },
    { ...add('JSON nested 5,000 deep', undefined, 'items'), raw: `{"items":[${nested(5000)}]}` },
    {
      ...add('invalid UTF-8 in a name', undefined, 'items.0.name'),
      raw: badUtf8('{"items":[{"plu":"N-1","name":"Br', '","quantity":1}]}'),
    },
    { ...add('text/plain', undefined, 'Content-Type', { status: 415 }), raw: '{"items":[]}', contentType: 'text/plain' },
    { ...add('an order id that is not a UUID', { items: [line()] }, 'id'), path: '/v1/orders/not-a-uuid/items' },
    add(
      'a quantity that takes the line past 10,000',
      { items: [{ plu: 'P-1', name: 'Soup', quantity: 9_999, unitPrice: 7.25 }] },
      'items.0.quantity',
      {
        reachesOrders: true,
      },
    ),
    add('lines that take the total past a billion', { items: [line({ quantity: 10_000, unitPrice: 100_000 })] }, 'items', {
      reachesOrders: true,
    }),
    add(
      'lines that take the order past 200',
      { items: Array.from({ length: 200 }, (_, i) => line({ plu: `N-${i}` })) },
      'items',
      {
        reachesOrders: true,
      },
    ),
  ];
}

function statusCases(): HostileCase[] {
  const path = '/v1/orders/{order}/status';
  const change = (name: string, body: unknown, field: string, status = 400) =>
    patch(`change status: ${name}`, path, 'staff', body, field, status);
  return [
    change('lower case', { status: 'accepted' }, 'status'),
    change('unknown', { status: 'TELEPORTED' }, 'status'),
    change('a number', { status: 2 }, 'status'),
    change('null', { status: null }, 'status'),
    change('missing', {}, 'status'),
    change('an array', { status: ['ACCEPTED'] }, 'status'),
    change('with a NUL', { status: 'ACCEPTED\u0000' }, 'status'),
    change('a reason with NUL', { status: 'ACCEPTED', reason: NUL }, 'reason'),
    change('a reason with a lone surrogate', { status: 'ACCEPTED', reason: LOW }, 'reason'),
    change('a reason of 501 characters', { status: 'ACCEPTED', reason: 'r'.repeat(501) }, 'reason'),
    change('a reason that is an object', { status: 'ACCEPTED', reason: { why: 1 } }, 'reason'),
    change('at from a staff key', { status: 'ACCEPTED', at: '2021-07-22T20:28:02Z' }, 'at', 403),
    change('an unknown field', { status: 'ACCEPTED', version: 7 }, 'version'),
    { ...change('a __proto__ key', undefined, '__proto__'), raw: '{"status":"ACCEPTED","__proto__":{"admin":true}}' },
    { ...change('a constructor key', undefined, 'constructor'), raw: '{"status":"ACCEPTED","constructor":{"name":"x"}}' },
    { ...change('a duplicate status, the last unknown', undefined, 'status'), raw: '{"status":"ACCEPTED","status":"NOPE"}' },
    { ...change('a duplicate status, both legal', undefined, 'status'), raw: '{"status":"CANCELLED","status":"ACCEPTED"}' },
    { ...change('malformed JSON', undefined, 'body'), raw: '{"status":ACCEPTED}' },
    { ...change('JSON nested 2,000 deep', undefined, 'reason'), raw: `{"status":"ACCEPTED","reason":${nested(2000)}}` },
    { ...change('invalid UTF-8 in reason', undefined, 'reason'), raw: badUtf8('{"status":"ACCEPTED","reason":"x', '"}') },
    {
      ...change('a form', undefined, 'Content-Type', 415),
      raw: 'status=ACCEPTED',
      contentType: 'application/x-www-form-urlencoded',
    },
    { ...change('a malformed If-Match', { status: 'ACCEPTED' }, 'If-Match'), headers: { 'If-Match': 'version-three' } },
    {
      ...change('an If-Match of 20 digits', { status: 'ACCEPTED' }, 'If-Match'),
      headers: { 'If-Match': '"12345678901234567890"' },
    },
    { ...change('an order id that is not a UUID', { status: 'ACCEPTED' }, 'id'), path: '/v1/orders/123/status' },
    { ...change('an order id of 300 characters', { status: 'ACCEPTED' }, 'id'), path: `/v1/orders/${'a'.repeat(300)}/status` },
  ];
}

function itemStatusCases(): HostileCase[] {
  const item = (name: string, path: string, body: unknown, field: string) =>
    patch(`item status: ${name}`, path, 'staff', body, field);
  const ok = '/v1/orders/{order}/items/{plu}/status';
  return [
    item('unknown status', ok, { status: 'DONE' }, 'status'),
    item('an order status', ok, { status: 'ACCEPTED' }, 'status'),
    item('lower case', ok, { status: 'ready' }, 'status'),
    item('missing status', ok, {}, 'status'),
    item('an unknown field', ok, { status: 'READY', qty: 1 }, 'qty'),
    item('a plu with an encoded NUL', '/v1/orders/{order}/items/P%00/status', { status: 'READY' }, 'plu'),
    item('a plu with a space', '/v1/orders/{order}/items/P%201/status', { status: 'READY' }, 'plu'),
    item('a plu of 100 characters', `/v1/orders/{order}/items/${'p'.repeat(100)}/status`, { status: 'READY' }, 'plu'),
    item('a plu with an encoded lone surrogate', '/v1/orders/{order}/items/%ED%A0%80/status', { status: 'READY' }, '%ED%A0%80'),
    item('an order id that is not a UUID', '/v1/orders/xyz/items/P-1/status', { status: 'READY' }, 'id'),
    { ...item('a __proto__ key', ok, undefined, '__proto__'), raw: '{"status":"READY","__proto__":{}}' },
  ];
}

const get = (name: string, path: string, role: HostileCase['role'], field: string, status = 400): HostileCase => ({
  name,
  method: 'get',
  path,
  role,
  status,
  field,
});

function readCases(): HostileCase[] {
  const list = (query: string, field: string) => get(`list orders: ${query}`, `/v1/orders?${query}`, 'staff', field);
  const refunds = (query: string, field: string) => get(`list refunds: ${query}`, `/v1/refunds?${query}`, 'internal', field);
  return [
    ...[
      'abc',
      '123',
      '3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a8z',
      '3f2c5a1e9b7d5c4e8a2f1d0e6b7c9a85',
      '%00',
      '%ED%A0%80',
      "1'%20OR%20'1'='1",
    ].flatMap((id) => [
      // A segment that does not decode fails before the route names its parameters: the detail quotes it.
      get(`get order: id ${id}`, `/v1/orders/${id}`, 'staff', id === '%ED%A0%80' ? id : 'id'),
      get(`order history: id ${id}`, `/v1/orders/${id}/history`, 'staff', id === '%ED%A0%80' ? id : 'id'),
    ]),
    list('limit=0', 'limit'),
    list('limit=501', 'limit'),
    list('limit=-1', 'limit'),
    list('limit=abc', 'limit'),
    list('limit=1e2', 'limit'),
    list('limit=0x10', 'limit'),
    list('limit=1.5', 'limit'),
    list('limit=%205', 'limit'),
    list('limit=5&limit=6', 'limit'),
    list('limit=99999999999999999999', 'limit'),
    // The caller's own key where an id or cursor belongs: refused without being repeated back.
    get('get order: the caller key as the id', '/v1/orders/{key}', 'staff', 'id'),
    get('order history: the caller key as the id', '/v1/orders/{key}/history', 'channel', 'id'),
    list('cursor={key}', 'cursor'),
    refunds('orderId={key}', 'orderId'),
    patch('update refund: the caller key as the id', '/v1/refunds/{key}', 'internal', { status: 'PROCESSED' }, 'id'),
    list('cursor=', 'cursor'),
    list('cursor=not-a-cursor', 'cursor'),
    list('cursor=%00', 'cursor'),
    list(`cursor=${'c'.repeat(600)}`, 'cursor'),
    list('status=placed', 'status'),
    list('status=PLACED&status=NOPE', 'status'),
    list('createdFrom=yesterday', 'createdFrom'),
    list('createdFrom=2021-13-01T00:00:00Z', 'createdFrom'),
    list('createdTo=1626985682', 'createdTo'),
    list('createdFrom=2021-07-02T00:00:00Z&createdTo=2021-07-01T00:00:00Z', 'createdTo'),
    list('brandId=a%00b', 'brandId'),
    list('brandId=%ED%B0%80', 'brandId'),
    list(`brandId=${'b'.repeat(129)}`, 'brandId'),
    list('brandId=a&brandId=b', 'brandId'),
    list('customerId=%00', 'customerId'),
    list('sort=createdAt', 'sort'),
    list('__proto__=1', '__proto__'),
    list('constructor=1', 'constructor'),
    refunds('status=DONE', 'status'),
    refunds('status=pending', 'status'),
    refunds('orderId=42', 'orderId'),
    refunds('limit=0', 'limit'),
    refunds('limit=1e1', 'limit'),
    refunds('cursor=%00', 'cursor'),
    refunds('cursor=bogus', 'cursor'),
    refunds('amount=5', 'amount'),
    patch(
      'update refund: status PENDING',
      '/v1/refunds/3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85',
      'internal',
      { status: 'PENDING' },
      'status',
    ),
    patch(
      'update refund: status lower case',
      '/v1/refunds/3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85',
      'internal',
      { status: 'processed' },
      'status',
    ),
    patch('update refund: no status', '/v1/refunds/3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85', 'internal', {}, 'status'),
    patch(
      'update refund: an unknown field',
      '/v1/refunds/3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85',
      'internal',
      { status: 'FAILED', amount: 0 },
      'amount',
    ),
    patch('update refund: an id that is not a UUID', '/v1/refunds/refund-1', 'internal', { status: 'FAILED' }, 'id'),
    get('stream: orderId not a UUID', '/v1/stream?orderId=42', 'staff', 'orderId'),
    get('stream: brandId with NUL', '/v1/stream?brandId=a%00', 'staff', 'brandId'),
    get('stream: empty brandId', '/v1/stream?brandId=', 'staff', 'brandId'),
    get('stream: brandId twice', '/v1/stream?brandId=a&brandId=b', 'staff', 'brandId'),
  ];
}

function analyticsCases(): HostileCase[] {
  const day = 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z';
  const a = (path: string, field: string, status = 400) =>
    get(`analytics: ${path}`, `/v1/analytics/${path}`, 'analyst', field, status);
  return [
    a('status-durations?to=2026-01-01T00:00:00Z', 'from'),
    a('status-durations?from=2026-01-01T00:00:00Z', 'to'),
    a(`status-durations?${day}&tz=Mars/Olympus`, 'tz'),
    a(`status-durations?${day}&tz=Asia/Kathmandu`, 'from'),
    a(`status-durations?${day}&tz=%2B05:45`, 'tz'),
    a(`status-durations?${day}&tz=${'Europe/'.repeat(10)}`, 'tz'),
    a(`status-durations?${day}&tz=UTC&tz=UTC`, 'tz'),
    a('status-durations?from=yesterday&to=2026-01-02T00:00:00Z', 'from'),
    a('status-durations?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'),
    a(`status-durations?${day}&scope=hour`, 'scope'),
    a(`status-durations?${day}&scope=ORDER`, 'scope'),
    a(`status-durations?${day}&brandId=%00`, 'brandId'),
    a(`status-durations?${day}&brandId=%ED%A0%80x`, 'brandId'),
    a(`status-durations?${day}&extra=1`, 'extra'),
    a('throughput?from=2026-01-01T00:30:00Z&to=2026-01-02T00:00:00Z', 'from'),
    a(`throughput?${day}&granularity=year`, 'granularity'),
    a(`throughput?${day}&granularity=week`, 'from'),
    a('throughput?from=2026-01-01T00:00:00Z&to=2026-01-15T00:00:00Z&granularity=month', 'to'),
    a('throughput?from=2026-01-01T00:00:00Z&to=2026-01-01T10:00:00Z&tz=Asia/Kolkata', 'from'),
    a('throughput?from=2026-01-01T00:00:00Z&granularity=day', 'to'),
    a('throughput?to=2026-01-01T00:00:00Z', 'from'),
    a(`throughput?${day}&tz=Europe/Atlantis`, 'tz'),
    a(`throughput?${day}&tz=`, 'tz'),
    a('throughput?from=2016-01-04T00:00:00Z&to=2026-03-09T00:00:00Z&granularity=week', 'to'),
    a('throughput?from=2016-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&granularity=month', 'to'),
    a('throughput?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'),
    a('throughput?from=2026-01-01T00:00:00%2B02:00&to=2026-01-02T00:00:00Z&granularity=day', 'from'),
    a(`throughput?${day}&brandId=${'b'.repeat(129)}`, 'brandId'),
    a(`punctuality?${day}&tz=Mars/Olympus`, 'tz'),
    a('punctuality?from=2026-01-01T00:00:00Z', 'to'),
    a(`punctuality?${day}&granularity=quarter`, 'granularity'),
    a('punctuality?from=2026-01-01T00:00:00Z&to=2026-01-03T00:00:00Z&granularity=day&tz=Asia/Kathmandu', 'from'),
    a('punctuality?from=2026-01-01T00:00:00Z&to=2026-02-01T01:00:00Z', 'to'),
    a(`punctuality?${day}&scope=order`, 'scope'),
    a(`punctuality?${day}&brandId=%00`, 'brandId'),
    a('customers?limit=0', 'limit'),
    a('customers?limit=abc', 'limit'),
    a('customers?limit=1e2', 'limit'),
    a('customers?limit=-5', 'limit'),
    a('customers?order=desc', 'order'),
    a(`customers/${'c'.repeat(129)}`, 'customerId'),
    a('customers/c%00d', 'customerId'),
    a('summary?brandId=', 'brandId'),
    a('summary?brandId=a%00', 'brandId'),
    a('summary?brandId=x&brandId=y', 'brandId'),
    a('summary?__proto__=x', '__proto__'),
  ];
}

/** `Accept: text/csv` where a route answers JSON only: 406 before anything is asked or written. */
function csvCases(): HostileCase[] {
  const csv = { Accept: 'text/csv' };
  return [
    { ...get('analytics: text/csv on the summary', '/v1/analytics/summary', 'analyst', 'Accept', 406), headers: csv },
    { ...get('analytics: text/csv on a customer', '/v1/analytics/customers/c-1', 'analyst', 'Accept', 406), headers: csv },
    { ...get('list orders: text/csv', '/v1/orders', 'staff', 'Accept', 406), headers: csv },
    {
      name: 'create: text/csv',
      method: 'post',
      path: '/v1/orders',
      role: 'channel',
      body: validOrder(),
      headers: csv,
      status: 406,
      field: 'Accept',
    },
  ];
}

export const HOSTILE_CASES: HostileCase[] = [
  ...availabilityCases(),
  ...createCases(),
  ...addItemsCases(),
  ...statusCases(),
  ...itemStatusCases(),
  ...readCases(),
  ...analyticsCases(),
  ...csvCases(),
  ...webhookCases(),
  ...trackingCases(),
  ...OVERSIZED_CASES,
  ...fulfillmentCases(),
  ...promisedTimeCases(),
  ...EDIT_CASES,
  ...KEY_CASES,
];

/** The fields of CONTRACT section 6 on create: each refused at the gateway, naming the field. */
function fulfillmentCases(): HostileCase[] {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const pickup = () => withAt(validOrder(), 'deliveryAddress', undefined);
  const mode = (fulfillment: unknown) => withAt(pickup(), 'fulfillment', fulfillment);
  return [
    create('fulfillment is a string', mode('DINE_IN'), 'fulfillment'),
    create('fulfillment is an array', mode([{ mode: 'PICKUP' }]), 'fulfillment'),
    create('fulfillment without mode', mode({ table: '4' }), 'fulfillment.mode'),
    create('fulfillment mode in lower case', mode({ mode: 'pickup' }), 'fulfillment.mode'),
    create('fulfillment mode unknown', mode({ mode: 'DRONE' }), 'fulfillment.mode'),
    create('fulfillment mode with a NUL', mode({ mode: 'PICKUP\u0000' }), 'fulfillment.mode'),
    create('DINE_IN without a table', mode({ mode: 'DINE_IN' }), 'fulfillment.table'),
    create('DINE_IN with an empty table', mode({ mode: 'DINE_IN', table: '' }), 'fulfillment.table'),
    create('a table with PICKUP', mode({ mode: 'PICKUP', table: '4' }), 'fulfillment.table'),
    create('a table of 21 characters', mode({ mode: 'DINE_IN', table: 't'.repeat(21) }), 'fulfillment.table'),
    create('a table that is a number', mode({ mode: 'DINE_IN', table: 4 }), 'fulfillment.table'),
    create('a table with a NUL', mode({ mode: 'DINE_IN', table: NUL }), 'fulfillment.table'),
    create('a table of 100,000 characters', mode({ mode: 'DINE_IN', table: HUGE }), 'fulfillment.table'),
    create('a vehicle with DINE_IN', mode({ mode: 'DINE_IN', table: '4', vehicle: 'van' }), 'fulfillment.vehicle'),
    create('a vehicle of 61 characters', mode({ mode: 'CURBSIDE', vehicle: 'v'.repeat(61) }), 'fulfillment.vehicle'),
    create('a vehicle with a lone surrogate', mode({ mode: 'CURBSIDE', vehicle: HIGH }), 'fulfillment.vehicle'),
    create('an unknown fulfillment field', mode({ mode: 'PICKUP', door: 'back' }), 'fulfillment.door'),
    create('DELIVERY without a deliveryAddress', mode({ mode: 'DELIVERY' }), 'deliveryAddress'),
    create('a deliveryAddress with PICKUP', withAt(validOrder(), 'fulfillment', { mode: 'PICKUP' }), 'deliveryAddress'),
    create('pickupTime 8 days ahead', withAt(validOrder(), 'pickupTime', inDays(8)), 'pickupTime'),
    create('pickupTime 7 days and an hour ahead', withAt(validOrder(), 'pickupTime', inDays(7 + 1 / 24)), 'pickupTime'),
    create('pickupTime an hour ago', withAt(validOrder(), 'pickupTime', inDays(-1 / 24)), 'pickupTime'),
    create('pickupTime of the seed (2021)', withAt(validOrder(), 'pickupTime', '2021-07-22T20:28:02Z'), 'pickupTime'),
    create(
      'a deliveryAddress with DINE_IN',
      withAt(validOrder(), 'fulfillment', { mode: 'DINE_IN', table: '4' }),
      'deliveryAddress',
    ),
  ];
}

/** prepMinutes on acceptance and the promised-time route (CONTRACT section 6), each refused at the gateway. */
function promisedTimeCases(): HostileCase[] {
  const accept = (name: string, body: unknown, field = 'prepMinutes') =>
    patch(`change status: ${name}`, '/v1/orders/{order}/status', 'staff', body, field);
  const path = '/v1/orders/{order}/promised-time';
  const soon = () => new Date(Date.now() + 3_600_000).toISOString();
  const promise = (name: string, body: unknown, field: string, status = 400) =>
    patch(`promised time: ${name}`, path, 'staff', body, field, status);
  return [
    accept('prepMinutes 0', { status: 'ACCEPTED', prepMinutes: 0 }),
    accept('prepMinutes 241', { status: 'ACCEPTED', prepMinutes: 241 }),
    accept('prepMinutes -5', { status: 'ACCEPTED', prepMinutes: -5 }),
    accept('prepMinutes 1.5', { status: 'ACCEPTED', prepMinutes: 1.5 }),
    accept('prepMinutes as a string', { status: 'ACCEPTED', prepMinutes: '10' }),
    accept('prepMinutes as an array', { status: 'ACCEPTED', prepMinutes: [10] }),
    accept('prepMinutes 1e300', { status: 'ACCEPTED', prepMinutes: 1e300 }),
    accept('prepMinutes with REJECTED', { status: 'REJECTED', prepMinutes: 10 }),
    accept('prepMinutes with CANCELLED', { status: 'CANCELLED', prepMinutes: 10 }),
    promise('missing promisedReadyAt', {}, 'promisedReadyAt'),
    promise('promisedReadyAt null', { promisedReadyAt: null }, 'promisedReadyAt'),
    promise('promisedReadyAt in words', { promisedReadyAt: 'in ten minutes' }, 'promisedReadyAt'),
    promise('promisedReadyAt as a number', { promisedReadyAt: 1764759600000 }, 'promisedReadyAt'),
    promise('promisedReadyAt month 13', { promisedReadyAt: '2026-13-01T00:00:00Z' }, 'promisedReadyAt'),
    promise('promisedReadyAt as a week date', { promisedReadyAt: '2026-W49-4' }, 'promisedReadyAt'),
    promise('promisedReadyAt in year 300000', { promisedReadyAt: '+300000-01-01T00:00:00Z' }, 'promisedReadyAt'),
    promise('promisedReadyAt with a NUL', { promisedReadyAt: `${soon()}\u0000` }, 'promisedReadyAt'),
    promise('a reason of 501 characters', { promisedReadyAt: soon(), reason: 'r'.repeat(501) }, 'reason'),
    promise('a reason with a lone surrogate', { promisedReadyAt: soon(), reason: LOW }, 'reason'),
    promise('a reason that is an object', { promisedReadyAt: soon(), reason: { why: 1 } }, 'reason'),
    promise('an unknown field', { promisedReadyAt: soon(), prepMinutes: 10 }, 'prepMinutes'),
    promise('at (not a field of this route)', { promisedReadyAt: soon(), at: soon() }, 'at'),
    {
      ...promise('an order id that is not a UUID', { promisedReadyAt: soon() }, 'id'),
      path: '/v1/orders/not-a-uuid/promised-time',
    },
    {
      ...promise('a malformed If-Match', { promisedReadyAt: soon() }, 'If-Match'),
      headers: { 'If-Match': 'version-three' },
    },
    { ...promise('malformed JSON', undefined, 'body'), raw: '{"promisedReadyAt":soon}' },
    {
      ...promise('a form', undefined, 'Content-Type', 415),
      raw: 'promisedReadyAt=x',
      contentType: 'application/x-www-form-urlencoded',
    },
    { ...promise('from a channel key', { promisedReadyAt: soon() }, 'role', 403), role: 'channel' },
    { ...promise('from an analyst key', { promisedReadyAt: soon() }, 'role', 403), role: 'analyst' },
  ];
}
