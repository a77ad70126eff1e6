import { deleteVhost, dropDatabase, workerNames } from './isolation.js';
import { removeWebPages } from './web-build.js';

export default async function globalTeardown() {
  const name = process.env.OMS_TEST_RUN;
  if (!name || process.env.OMS_KEEP_TEST_DATA) return;
  const workers = workerNames(name, Number(process.env.OMS_TEST_WORKERS ?? 1));
  await Promise.all([
    ...workers.flatMap((worker) => [dropDatabase(worker), deleteVhost(worker)]),
    // The migrated template the scratch databases are copied from (test/orders/support/orders-test-kit.ts).
    dropDatabase(`${name}_template`),
    dropDatabase(`${name}_template_building`),
    removeWebPages(process.env.WEB_DIR),
  ]);
}
