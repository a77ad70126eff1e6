import type { HostileCase } from './hostile-cases.js';

/** The brand availability routes (CONTRACT section 7), each refused at the gateway naming the field. */
export function availabilityCases(): HostileCase[] {
  const brand = 'brand-hostile';
  const soon = () => new Date(Date.now() + 3_600_000).toISOString();
  const ago = () => new Date(Date.now() - 60_000).toISOString();
  const state = (name: string, body: unknown, field: string, status = 400): HostileCase => ({
    name: `brand availability: ${name}`,
    method: 'put',
    path: `/v1/brands/${brand}/availability`,
    role: 'staff',
    body,
    status,
    field,
  });
  const item = (name: string, body: unknown, field: string, status = 400): HostileCase => ({
    ...state(name, body, field, status),
    name: `brand availability: item ${name}`,
    path: `/v1/brands/${brand}/items/P-1/availability`,
  });
  return [
    state('missing state', {}, 'state'),
    state('an unknown state', { state: 'CLOSED' }, 'state'),
    state('a lower-case state', { state: 'paused' }, 'state'),
    state('state null', { state: null }, 'state'),
    state('state as an array', { state: ['PAUSED'] }, 'state'),
    state('extraPrepMinutes with PAUSED', { state: 'PAUSED', extraPrepMinutes: 5 }, 'extraPrepMinutes'),
    state('extraPrepMinutes with ONLINE', { state: 'ONLINE', extraPrepMinutes: 5 }, 'extraPrepMinutes'),
    state('extraPrepMinutes 0', { state: 'BUSY', extraPrepMinutes: 0 }, 'extraPrepMinutes'),
    state('extraPrepMinutes 121', { state: 'BUSY', extraPrepMinutes: 121 }, 'extraPrepMinutes'),
    state('extraPrepMinutes 2.5', { state: 'BUSY', extraPrepMinutes: 2.5 }, 'extraPrepMinutes'),
    state('extraPrepMinutes as a string', { state: 'BUSY', extraPrepMinutes: '10' }, 'extraPrepMinutes'),
    state('extraPrepMinutes 1e300', { state: 'BUSY', extraPrepMinutes: 1e300 }, 'extraPrepMinutes'),
    state('until in the past', { state: 'PAUSED', until: ago() }, 'until'),
    state('until with ONLINE', { state: 'ONLINE', until: soon() }, 'until'),
    state('until in words', { state: 'PAUSED', until: 'tomorrow' }, 'until'),
    state('until as a number', { state: 'PAUSED', until: 1764759600000 }, 'until'),
    state('until as a week date', { state: 'PAUSED', until: '2026-W49-4' }, 'until'),
    state('until in year 300000', { state: 'PAUSED', until: '+300000-01-01T00:00:00Z' }, 'until'),
    state('until with a NUL', { state: 'PAUSED', until: `${soon()}\u0000` }, 'until'),
    state('an unknown field', { state: 'BUSY', minutes: 5 }, 'minutes'),
    { ...state('a brand id with a NUL', { state: 'PAUSED' }, 'brandId'), path: '/v1/brands/a%00b/availability' },
    {
      ...state('a brand id of 129 characters', { state: 'PAUSED' }, 'brandId'),
      path: `/v1/brands/${'b'.repeat(129)}/availability`,
    },
    { ...state('malformed JSON', undefined, 'body'), raw: '{"state":PAUSED}' },
    { ...state('a form', undefined, 'Content-Type', 415), raw: 'state=PAUSED', contentType: 'application/x-www-form-urlencoded' },
    {
      ...state('an Idempotency-Key of 300 characters', { state: 'PAUSED' }, 'Idempotency-Key'),
      headers: { 'Idempotency-Key': 'k'.repeat(300) },
    },
    { ...item('a blank Idempotency-Key', { available: false }, 'Idempotency-Key'), headers: { 'Idempotency-Key': '   ' } },
    { ...state('from a channel key', { state: 'PAUSED' }, 'role', 403), role: 'channel' },
    { ...state('from an internal key', { state: 'PAUSED' }, 'role', 403), role: 'internal' },
    { ...state('from an analyst key', { state: 'PAUSED' }, 'role', 403), role: 'analyst' },
    item('missing available', {}, 'available'),
    item('available as a string', { available: 'false' }, 'available'),
    item('available null', { available: null }, 'available'),
    item('until with available: true', { available: true, until: soon() }, 'until'),
    item('until in the past', { available: false, until: ago() }, 'until'),
    item('until in words', { available: false, until: 'later' }, 'until'),
    item('an unknown field', { available: false, plu: 'P-2' }, 'plu'),
    { ...item('a plu that is not one', { available: false }, 'plu'), path: `/v1/brands/${brand}/items/-bad/availability` },
    {
      ...item('a plu of 65 characters', { available: false }, 'plu'),
      path: `/v1/brands/${brand}/items/${'p'.repeat(65)}/availability`,
    },
    { ...item('from a channel key', { available: false }, 'role', 403), role: 'channel' },
    {
      name: 'brand availability: get with a brand id with a NUL',
      method: 'get',
      path: '/v1/brands/a%00b/availability',
      role: 'analyst',
      status: 400,
      field: 'brandId',
    },
  ];
}
