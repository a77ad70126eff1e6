import { deleteVhost, dropDatabase } from './isolation.js';

export default async function globalTeardown() {
  const name = process.env.OMS_TEST_RUN;
  if (!name || process.env.OMS_KEEP_TEST_DATA) return;
  await Promise.all([dropDatabase(name), deleteVhost(name)]);
}
