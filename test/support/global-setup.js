import { createDatabase, createVhost, listStaleVhosts, deleteVhost, newRunName, workerNames } from './isolation.js';
import { buildWebPages } from './web-build.js';

export default async function globalSetup(globalConfig) {
  const name = newRunName();
  for (const stale of await listStaleVhosts()) await deleteVhost(stale).catch(() => {});
  process.env.OMS_TEST_RUN = name;
  process.env.OMS_TEST_WORKERS = String(globalConfig.maxWorkers);
  // Each worker runs its files one after another on a database and vhost of its own (worker-isolation.js).
  const workers = workerNames(name, globalConfig.maxWorkers);
  const [databaseUrls, amqpUrls, webDir] = await Promise.all([
    Promise.all(workers.map((worker) => createDatabase(worker))),
    Promise.all(workers.map((worker) => createVhost(worker))),
    buildWebPages(name),
  ]);
  process.env.DATABASE_URL = databaseUrls[0];
  process.env.AMQP_URL = amqpUrls[0];
  process.env.WEB_DIR = webDir;
}
