// The core of `npm run seed`: plausible orders over the past days, sent through the public API only,
// with backfilled times (placedAt, at), so the data goes through the same validation, state machine
// and events as real traffic. Everything random derives from the run seed and the order's index:
// a re-run with the same seed finds its orders (same channelOrderId) and only finishes their plans.

const BRANDS = [
  {
    id: '60bfc6dc4887c9851d5a0245',
    name: 'Burger Barn',
    menu: [
      ['BB-0001', 'Hawaii Burger', 12.5],
      ['BB-0002', 'Classic Cheeseburger', 10.9],
      ['BB-0003', 'Sweet Potato Fries', 4.9],
      ['BB-0004', 'Chocolate Shake', 5.5],
      ['BB-0005', 'Veggie Burger', 11.9],
    ],
  },
  {
    id: '60bfc6dc4887c9851d5a0301',
    name: 'Sushi Go',
    menu: [
      ['SG-0001', 'Sushi Set Large', 20],
      ['SG-0002', 'Salmon Nigiri (2 pcs)', 6.5],
      ['SG-0003', 'Miso Soup', 3.9],
      ['SG-0004', 'California Roll', 8.9],
      ['SG-0005', 'Edamame', 4.5],
    ],
  },
  {
    id: '60bfc6dc4887c9851d5a0402',
    name: 'Pizza Piazza',
    menu: [
      ['PP-0001', 'Margherita', 11],
      ['PP-0002', 'Quattro Formaggi', 14.5],
      ['PP-0003', 'Diavola', 13.5],
      ['PP-0004', 'Tiramisu', 6],
      ['PP-0005', 'San Pellegrino', 3.2],
    ],
  },
  {
    id: '60bfc6dc4887c9851d5a0503',
    name: 'Green Bowl',
    menu: [
      ['GB-0001', 'Falafel Bowl', 12.9],
      ['GB-0002', 'Poke Bowl Tuna', 14.9],
      ['GB-0003', 'Quinoa Salad', 11.5],
      ['GB-0004', 'Fresh Juice', 4.9],
    ],
  },
  {
    id: '60bfc6dc4887c9851d5a0604',
    name: 'Taco Town',
    menu: [
      ['TT-0001', 'Taco Trio', 10.5],
      ['TT-0002', 'Burrito Grande', 12],
      ['TT-0003', 'Nachos', 7.5],
      ['TT-0004', 'Horchata', 3.9],
    ],
  },
];
const FIRST = [
  'John',
  'Aino',
  'Mikko',
  'Sara',
  'Ahmed',
  'Laura',
  'Jussi',
  'Elena',
  'Ville',
  'Maria',
  'Noah',
  'Emma',
  'Olli',
  'Sofia',
];
const LAST = ['Doe', 'Virtanen', 'Korhonen', 'Nieminen', 'Mäkinen', 'Hämäläinen', 'Laine', 'Smith', 'Koskinen', 'Heikkinen'];
const STREETS = ['Huuvatie', 'Mannerheimintie', 'Aleksanterinkatu', 'Hämeentie', 'Bulevardi', 'Fredrikinkatu', 'Runeberginkatu'];
const REJECT_REASONS = ['kitchen closed', 'out of stock', 'too busy', 'address out of range'];
const CANCEL_REASONS = ['customer cancelled', 'payment failed', 'duplicate order', 'courier unavailable'];
const MINUTE = 60_000;
const VEHICLES = ['white Toyota Corolla', 'blue Volvo V60', 'red Skoda Octavia', 'black Tesla Model 3', 'grey VW Golf'];

/** mulberry32 over an FNV-1a hash of the text: small, fast, and the same on every machine. */
function rngFor(text) {
  let a = 2166136261;
  for (let i = 0; i < text.length; i++) a = Math.imul(a ^ text.charCodeAt(i), 16777619);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function customerOf(seed, n) {
  const r = rngFor(`${seed}:customer:${n}`);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const phoneNumber = `+35840${String(1_000_000 + n * 7919).slice(-7)}`;
  // About a third of customers come without an account: the phone number is their identity.
  return r() < 0.65 ? { id: `cust-${seed}-${n}`, name: `${pick(FIRST)} ${pick(LAST)}`, phoneNumber } : { phoneNumber };
}

/** Half delivered (to an address), the rest picked up at the counter, eaten in at a table or brought to a car. */
function fulfillmentOf(r) {
  const x = r();
  if (x < 0.5) {
    return {
      fulfillment: { mode: 'DELIVERY' },
      deliveryAddress: {
        city: 'Helsinki',
        street: `${STREETS[Math.floor(r() * STREETS.length)]} ${1 + Math.floor(r() * 80)}`,
        postalCode: `00${100 + Math.floor(r() * 900)}`,
      },
    };
  }
  if (x < 0.8) return { fulfillment: { mode: 'PICKUP' } };
  if (x < 0.92) return { fulfillment: { mode: 'DINE_IN', table: `T${1 + Math.floor(r() * 24)}` } };
  return { fulfillment: { mode: 'CURBSIDE', vehicle: VEHICLES[Math.floor(r() * VEHICLES.length)] } };
}

/** Lunch and dinner peaks: the hour of the day an order is placed at. */
function hourOfDay(r) {
  const x = r();
  if (x < 0.35) return 11 + r() * 3;
  if (x < 0.8) return 17 + r() * 4;
  return 9 + r() * 13;
}

/** The order's body and the status changes it will go through, with their times. */
export function planOrder({ seed, index, days, now, customers }) {
  const r = rngFor(`${seed}:order:${index}`);
  const between = (lo, hi) => lo + r() * (hi - lo);
  const brand = BRANDS[Math.floor(r() * BRANDS.length)];
  const dayStart = new Date(now - Math.floor(r() * days) * 24 * 3_600_000);
  dayStart.setUTCHours(0, 0, 0, 0);
  let placed = dayStart.getTime() + hourOfDay(r) * 3_600_000;
  if (placed >= now - MINUTE) placed = now - between(2, 24 * 60) * MINUTE;
  // A few orders came in lately for later today or tomorrow: scheduled, waiting for their release.
  const ahead = r() < 0.05;
  if (ahead) placed = now - between(1, 60) * MINUTE;
  const pickupTime = ahead
    ? Math.ceil((now + between(2, 30) * 3_600_000) / (5 * MINUTE)) * 5 * MINUTE
    : placed + between(20, 45) * MINUTE;

  const lines = [...brand.menu].sort(() => r() - 0.5).slice(0, 1 + Math.floor(r() * 3));
  const items = lines.map(([plu, name, unitPrice]) => ({
    plu,
    name,
    quantity: r() < 0.75 ? 1 : 2 + Math.floor(r() * 2),
    unitPrice,
  }));
  const total = Math.round(items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0) * 100) / 100;
  // Repeat customers: low numbers come back far more often than high ones.
  const customer = customerOf(seed, Math.floor(customers * r() ** 2));
  const body = {
    channelOrderId: `SEED-${seed}-${String(index).padStart(6, '0')}`,
    brandId: brand.id,
    account: `acct-${brand.id.slice(-4)}`,
    customer,
    ...fulfillmentOf(r),
    pickupTime: new Date(pickupTime).toISOString(),
    items,
    payments: [{ reference: `pay_${seed}_${index}`, amount: total }],
    currency: 'EUR',
    placedAt: new Date(placed).toISOString(),
  };

  const steps = [];
  let t = placed;
  const step = (status, minutes, reason) => {
    t += minutes * MINUTE;
    // The kitchen says how long it will take as it accepts: the promised ready time follows.
    const prep = status === 'ACCEPTED' ? { prepMinutes: Math.round(between(8, 25)) } : {};
    steps.push({ status, at: t, ...prep, ...(reason ? { reason } : {}) });
  };
  const fate = r();
  if (fate < 0.06) step('REJECTED', between(0.5, 5), REJECT_REASONS[Math.floor(r() * REJECT_REASONS.length)]);
  else {
    // Cancelled orders stop after 0 to 3 of the happy path's steps.
    const cancelAfter = fate < 0.13 ? Math.floor(r() * 4) : -1;
    // A scheduled order is prepared shortly before its pickup time, not as soon as it is accepted.
    const untilPreparing = ahead ? (pickupTime - placed) / MINUTE - between(15, 25) : between(1, 5);
    const path = [
      ['ACCEPTED', between(0.3, 4)],
      ['PREPARING', untilPreparing],
      ['READY', between(5, 20)],
      ['PICKED_UP', between(2, 15)],
    ];
    for (const [i, [status, minutes]] of path.entries()) {
      if (i === cancelAfter) {
        step('CANCELLED', between(1, 10), CANCEL_REASONS[Math.floor(r() * CANCEL_REASONS.length)]);
        break;
      }
      step(status, minutes);
    }
  }
  // What has not happened yet stays open: recent orders are still in the kitchen.
  return { body, steps: steps.filter((s) => s.at <= now - 1_000).map((s) => ({ ...s, at: new Date(s.at).toISOString() })) };
}

/**
 * Seeds `orders` orders through the API at `baseUrl` with a backfill key (internal or admin).
 * Returns { created, existing, transitions, failures, errors, elapsedMs, ordersPerSecond }.
 */
export async function seedOrders({
  baseUrl,
  key,
  orders = 2000,
  days = 7,
  concurrency = 16,
  seed = 'demo',
  now = Date.now(),
  onProgress = () => {},
}) {
  const started = Date.now();
  const customers = Math.max(10, Math.round(orders / 4));
  const summary = { created: 0, existing: 0, transitions: 0, failures: 0, errors: [] };
  const call = async (method, path, body, headers = {}) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
        body: body && JSON.stringify(body),
      });
      const json = await res.json().catch(() => undefined);
      // 404 right after a 202 (not stored yet) and 503 (busy) pass with time.
      if ((res.status === 404 || res.status === 503) && attempt < 20) {
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
        continue;
      }
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${json?.detail ?? ''}`.trim());
      return { status: res.status, body: json };
    }
  };

  const seedOne = async (index) => {
    const { body, steps } = planOrder({ seed, index, days, now, customers });
    const created = await call('POST', '/v1/orders', body, { 'Idempotency-Key': body.channelOrderId });
    const id = created.body.id;
    let from = 0;
    if (created.status === 201) summary.created++;
    else {
      // 200: a re-run, or 202: still queued. Either way carry on from the status the order has reached.
      summary[created.status === 200 ? 'existing' : 'created']++;
      const current = await call('GET', `/v1/orders/${id}`);
      from = steps.findIndex((s) => s.status === current.body.status) + 1;
    }
    for (const s of steps.slice(from)) {
      await call('PATCH', `/v1/orders/${id}/status`, s);
      summary.transitions++;
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < orders) {
      const index = next++;
      try {
        await seedOne(index);
      } catch (error) {
        summary.failures++;
        if (summary.errors.length < 10) summary.errors.push(`order ${index}: ${error.message}`);
      }
      onProgress(summary);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, orders) }, worker));
  const elapsedMs = Date.now() - started;
  return {
    ...summary,
    elapsedMs,
    ordersPerSecond: Math.round(((summary.created + summary.existing) / (elapsedMs / 1000)) * 10) / 10,
  };
}

/**
 * The brands as a kitchen might have left them on a busy evening, so the kitchen display and the
 * availability API show each state: Pizza Piazza busy (10 more minutes on every promise), Sushi Go's
 * edamame snoozed for three hours. Needs a staff or admin key; orders already placed are untouched.
 */
export async function seedAvailability({ baseUrl, key, now = Date.now() }) {
  const put = async (path, body) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`PUT ${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res.json();
  };
  const [pizza, sushi] = [BRANDS[2], BRANDS[1]];
  await put(`/v1/brands/${pizza.id}/availability`, { state: 'BUSY', extraPrepMinutes: 10 });
  const until = new Date(now + 3 * 3_600_000).toISOString();
  await put(`/v1/brands/${sushi.id}/items/SG-0005/availability`, { available: false, until });
  return [`${pizza.name} is BUSY (+10 min on promises)`, `${sushi.name}'s ${sushi.menu[4][1]} is snoozed until ${until}`];
}
