// npm run dlq -- list | replay <id>... | replay --all   [--queue <queue>] [--limit <n>] [--json]
// What sits in the platform's dead-letter queues, and putting chosen messages back into their queues.
import amqplib from 'amqplib';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '#config';
import { deadLetterQueueOf, redact } from '#messaging';
import { DeadLetterQueues, MIN_ID_PREFIX, UsageError } from './dead-letter-queues.js';
import { renderListing, renderReplay } from './render.js';

const USAGE = `Usage:
  npm run dlq -- list [--queue <queue>] [--limit <n>] [--json]
  npm run dlq -- replay <id>... [--queue <queue>] [--json]
  npm run dlq -- replay --all [--queue <queue>] [--limit <n>] [--json]

list     every message in each dead-letter queue (type, order, failure class and reason, attempts, age);
         they stay where they are, in the same order
replay   moves the chosen messages (an id or its first ${MIN_ID_PREFIX}+ characters, as list shows it) back to
         the queue they failed in, with fresh retries; a message replayed twice is applied once
--queue  only this queue (orders.commands, analytics.events, webhooks.events, webhooks.admin.commands, or their .dlq)
--limit  messages read per dead-letter queue (default 10000)
--json   machine-readable output

RabbitMQ from AMQP_URL, as the services read it.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      limit: { type: 'string', default: '10000' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...ids] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`);
  if (command !== 'list' && command !== 'replay') throw new UsageError(`unknown command "${command}": list or replay`);
  if (command === 'list' && (ids.length || values.all)) throw new UsageError('list takes no ids and no --all');
  if (command === 'replay' && values.all === ids.length > 0) throw new UsageError('replay takes ids or --all, not both');

  const { amqpUrl } = loadConfig();
  const connection = await amqplib
    .connect(amqpUrl, { noDelay: true, clientProperties: { connection_name: 'dlq' } })
    .catch((error: Error) => {
      throw new Error(`RabbitMQ is not reachable at ${redact(amqpUrl)}: ${error.message}`);
    });
  // A lost connection rejects the operation in progress, which reports it; unheard, the event would end the process first.
  connection.on('error', () => undefined);
  try {
    const dlqs = new DeadLetterQueues(connection);
    if (command === 'list') {
      const listing = await dlqs.list(values.queue, limit);
      console.log(
        values.json ? JSON.stringify(listing, null, 2) : renderListing(listing, dlqs.select(values.queue).map(deadLetterQueueOf)),
      );
      return 0;
    }
    const outcome = await dlqs.replay(values.all ? { all: true } : { ids }, values.queue, limit);
    console.log(values.json ? JSON.stringify(outcome, null, 2) : renderReplay(outcome));
    return outcome.notFound.length || outcome.failed.length ? 1 : 0;
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    if (usage) console.error(`\n${USAGE}`);
    process.exitCode = usage ? 2 : 1;
  },
);
