import { deleteVhost, dropDatabasesOfRun, listVhostsOfRun, workerNames } from './isolation.js';
import { removeWebPages } from './web-build.js';

export default async function globalTeardown() {
  const name = process.env.OMS_TEST_RUN;
  if (!name || process.env.OMS_KEEP_TEST_DATA) return;
  const workers = workerNames(name, Number(process.env.OMS_TEST_WORKERS ?? 1));
  await Promise.all([
    ...workers.map((worker) => deleteVhost(worker)),
    // Scratch vhosts (test/support/own-stack.ts) a worker that died mid-file could not delete.
    listVhostsOfRun(name).then((vhosts) =>
      Promise.all(vhosts.filter((vhost) => !workers.includes(vhost)).map((vhost) => deleteVhost(vhost))),
    ),
    // The workers' databases, the migrated template the scratch ones are copied from
    // (test/orders/support/orders-test-kit.ts), and any scratch database a failed test left.
    dropDatabasesOfRun(name),
    removeWebPages(process.env.WEB_DIR),
  ]);
}
