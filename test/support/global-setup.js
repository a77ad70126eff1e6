import { createDatabase, createVhost, listStaleVhosts, deleteVhost, newRunName } from './isolation.js';
import { buildWebPages } from './web-build.js';

export default async function globalSetup() {
  const name = newRunName();
  for (const stale of await listStaleVhosts()) await deleteVhost(stale).catch(() => {});
  process.env.OMS_TEST_RUN = name;
  process.env.DATABASE_URL = await createDatabase(name);
  process.env.AMQP_URL = await createVhost(name);
  process.env.WEB_DIR = await buildWebPages(name);
}
