import { PermanentMessageError } from '#messaging';
import { readEvent } from '../../apps/analytics/src/ingest/event-envelope.js';

const event = {
  specversion: '1.0',
  id: 'e-1',
  type: 'order.created',
  source: '/orders',
  subject: 'order-1',
  time: '2026-03-01T10:20:00.000Z',
  sequence: 1,
  data: { anything: true },
};
const read = (body: unknown, routingKey = 'order.created') =>
  readEvent(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), routingKey);

describe('reading an event off analytics.events', () => {
  it('takes the whole body as the event, of a known type or not', () => {
    expect(read(event)).toEqual(event);
    expect(read({ ...event, type: 'order.renamed' }, 'order.renamed')).toEqual({ ...event, type: 'order.renamed' });
  });

  it.each([
    ['no subject', { ...event, subject: undefined }, /^invalid order.created: subject/],
    ['an empty id', { ...event, id: '' }, /id/],
    ['sequence 0', { ...event, sequence: 0 }, /sequence/],
    ['a sequence past the int column', { ...event, sequence: 2 ** 31 }, /sequence/],
    ['a fractional sequence', { ...event, sequence: 1.5 }, /sequence/],
    ['a time that is not ISO 8601', { ...event, time: 'Sun Mar 01 2026' }, /time/],
    ['an array', [event], /payload must be a JSON object/],
    ['unreadable JSON', '{"id":', /body is not JSON/],
  ])('refuses %s as permanent, saying why', (_, body, reason) => {
    expect(() => read(body)).toThrow(PermanentMessageError);
    expect(() => read(body)).toThrow(reason);
  });
});
