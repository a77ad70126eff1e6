// The published document read by the AsyncAPI parser: a check of the artefact, kept out of the unit tier, whose
// files each load what they test and no more (the parser alone takes seconds to load).
import { buildAsyncApiDocument, ORDER_EVENT_TYPES } from '#contracts';
import { Parser } from '@asyncapi/parser';

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
    expect(names.sort()).toEqual([...ORDER_EVENT_TYPES].sort());
  });
});
