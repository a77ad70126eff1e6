// The server tier runs on several jest workers; each runs its files one after another on the database and
// vhost of its own that the global setup made (oms_test_<run>_w<worker>), so a spec sharing the run's
// database and vhost meets only the specs that ran before it in the same worker, never one running beside it.
import { workerNames } from './isolation.js';

const run = process.env.OMS_TEST_RUN;
if (run) {
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  const name = workerNames(run, worker).at(-1);
  for (const key of ['DATABASE_URL', 'AMQP_URL']) {
    const url = new URL(process.env[key]);
    url.pathname = `/${name}`;
    process.env[key] = url.toString();
  }
}
