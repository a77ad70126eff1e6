import { createScratchDatabase } from '../orders/support/orders-test-kit.js';
// @ts-expect-error plain JS helper of the test set-up, without type declarations
import { createVhost, deleteVhost } from './isolation.js';
import { startStack, type Stack } from './stack.js';

export interface OwnStack extends Stack {
  /** The stack's own database, for a test that reads or rewrites its rows. */
  databaseUrl: string;
  /** The stack's own vhost, for a test that looks at its queues or sets policies on them. */
  vhost: string;
}

/**
 * All three services on a database and a vhost of their own, for a file whose orders, timers or dispatcher
 * must meet no other file's. Both are named after this worker's database (oms_test_<run>_w<worker>_<name>_<pid>):
 * they belong to the run, and the global teardown removes both even when `stop()` never runs. `stop()` stops
 * the services, then drops the database and deletes the vhost; a set-up failing half-way removes what it made.
 */
export async function startStackOfItsOwn(name: string, env: Record<string, string> = {}): Promise<OwnStack> {
  const db = await createScratchDatabase(name);
  const vhost = decodeURIComponent(new URL(db.url).pathname.slice(1));
  const remove = async () => {
    try {
      await db.drop();
    } finally {
      await (deleteVhost(vhost) as Promise<void>).catch(() => {});
    }
  };
  let stack: Stack;
  try {
    stack = await startStack({ DATABASE_URL: db.url, AMQP_URL: (await createVhost(vhost)) as string, ...env });
  } catch (error) {
    await remove().catch(() => {});
    throw error;
  }
  return {
    ...stack,
    databaseUrl: db.url,
    vhost,
    async stop() {
      try {
        await stack.stop();
      } finally {
        await remove();
      }
    },
  };
}
