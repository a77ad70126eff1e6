import {
  countRows,
  createCommand,
  orderInput,
  outboxOf,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();

describe('Fulfillment on create (real PostgreSQL)', () => {
  let kit: OrdersKit;
  beforeAll(async () => {
    kit = await startOrders();
  });
  afterAll(() => kit.close());

  it.each([
    [{ mode: 'DINE_IN' as const, table: '12' }],
    [{ mode: 'CURBSIDE' as const, vehicle: 'red Volvo ABC-123' }],
    [{ mode: 'PICKUP' as const }],
  ])('stores %o and shows it in the view, on GET and in order.created', async (fulfillment) => {
    const input = orderInput({ fulfillment });
    delete input.deliveryAddress;
    const { order } = valueOf(await kit.create.execute(createCommand(input)));
    expect(order.fulfillment).toEqual(fulfillment);
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id })).fulfillment).toEqual(fulfillment);
    const [created] = await outboxOf(kit.dataSource, order.id);
    expect(created!.payload.data).toMatchObject({ fulfillment });
  });

  it('defaults to DELIVERY with a delivery address', async () => {
    const { order } = valueOf(await kit.create.execute(createCommand(orderInput())));
    expect(order.fulfillment).toEqual({ mode: 'DELIVERY' });
  });

  it('refuses an address with DINE_IN, naming deliveryAddress, and writes nothing', async () => {
    const command = createCommand(orderInput({ fulfillment: { mode: 'DINE_IN', table: '3' } }));
    expect(await kit.create.execute(command)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'deliveryAddress' },
    });
    expect(await countRows(kit.dataSource, 'outbox', command.orderId)).toBe(0);
    const [row] = await kit.dataSource.query('SELECT count(*)::int AS n FROM orders.orders WHERE id = $1', [command.orderId]);
    expect(row.n).toBe(0);
  });
});
