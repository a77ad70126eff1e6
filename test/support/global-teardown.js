import { deleteVhost, dropDatabase } from './isolation.js';
import { removeWebPages } from './web-build.js';

export default async function globalTeardown() {
  const name = process.env.OMS_TEST_RUN;
  if (!name || process.env.OMS_KEEP_TEST_DATA) return;
  await Promise.all([dropDatabase(name), deleteVhost(name), removeWebPages(process.env.WEB_DIR)]);
}
