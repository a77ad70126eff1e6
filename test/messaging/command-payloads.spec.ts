import { OrderCommands } from '#contracts';
import { ORDER_COMMAND_VALIDATORS } from '../../apps/orders/src/messaging/command-payloads.js';

const many = (element: () => unknown) => Array.from({ length: 100_000 }, element);
const caller = { role: 'channel', actor: 'channel' };
const createCommand = (items: unknown[]) => ({
  orderId: '3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85',
  order: { channelOrderId: 'C-1', brandId: 'b', customer: { name: 'Eve' }, items },
  requestHash: 'h',
  trackingToken: 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe',
  caller,
  correlationId: 'c',
});

describe('command payloads arriving over the broker', () => {
  const validateCreate = ORDER_COMMAND_VALIDATORS[OrderCommands.create]!;
  const validateAddItems = ORDER_COMMAND_VALIDATORS[OrderCommands.addItems]!;

  it('pass a valid create command', () => {
    expect(validateCreate(createCommand([{ plu: 'P-1', name: 'Soup', quantity: 1 }]))).toEqual([]);
  });

  it('refuse a create command without a well-formed tracking token', () => {
    const { trackingToken: _, ...without } = createCommand([{ plu: 'P-1', name: 'Soup', quantity: 1 }]);
    expect(validateCreate(without)).toContain('trackingToken: trackingToken must be a string');
    expect(validateCreate({ ...without, trackingToken: 'short' })).toEqual([
      'trackingToken: trackingToken must match /^[A-Za-z0-9_-]{32}$/ regular expression',
    ]);
  });

  it.each([
    ['empty objects', () => ({})],
    ['integers', () => 1],
    ['nested objects', () => ({ a: { b: [{}] } })],
  ])('refuse 100,000 lines of %s by their count, in one line', (_kind, element) => {
    expect(validateCreate(createCommand(many(element)))).toEqual(['order.items: items must contain no more than 200 elements']);
    const addItems = { orderId: '3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85', items: many(element), caller, correlationId: 'c' };
    expect(validateAddItems(addItems)).toEqual(['items: items must contain no more than 200 elements']);
  });

  it('list at most 20 problems of a payload with many', () => {
    const lines = Array.from({ length: 200 }, () => ({ quantity: 0 }));
    expect(validateCreate(createCommand(lines))).toHaveLength(20);
  });
});
