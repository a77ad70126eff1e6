import { Parser } from '@asyncapi/parser';
import { buildAsyncApiDocument } from './asyncapi.js';
import { EVENT_TYPES } from './events.js';

describe('the AsyncAPI document of orders.events', () => {
  it('is read by the AsyncAPI parser with no error, every event type a message of the channel', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApiDocument()));
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    const names = document!
      .channels()
      .all()
      .flatMap((channel) =>
        channel
          .messages()
          .all()
          .map((message) => message.name()),
      );
    expect(names.sort()).toEqual([...EVENT_TYPES].sort());
  });
});
