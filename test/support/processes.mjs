// Built services as OS processes on a database and vhost of their own, as `npm start` runs them
// (scripts/services.mjs): what a user of the API, or Prometheus, talks to, each process with its
// own metrics registry.
import { freePort, startService } from '../../scripts/services.mjs';
import { createDatabase, createVhost, deleteVhost, dropDatabase, newRunName } from './isolation.js';

export { freePort };

/**
 * Starts the given services (default orders and the gateway), in that order, each once ready;
 * answers their base URLs by name and `stop()`, which ends them and removes the database and vhost.
 * `env` adds to (or overrides) the environment they get.
 */
export async function startServices({ keys, logDir, services = ['orders', 'api-gateway'], env: more = {} }) {
  const runName = newRunName();
  const running = [];
  const stop = async () => {
    await Promise.all(running.map((service) => service.stop()));
    await dropDatabase(runName).catch((e) => console.error(`could not drop database ${runName}: ${e.message}`));
    await deleteVhost(runName).catch((e) => console.error(`could not delete vhost ${runName}: ${e.message}`));
  };
  try {
    const env = {
      ...process.env,
      DATABASE_URL: await createDatabase(runName),
      AMQP_URL: await createVhost(runName),
      API_KEYS: Object.entries(keys)
        .map(([role, key]) => `${role}:${key}`)
        .join(','),
      LOG_LEVEL: 'warn',
      ...more,
    };
    const urls = {};
    for (const name of services) {
      const service = startService(name, { env, port: await freePort(), log: `${logDir}/${name}.log` });
      running.push(service);
      await service.ready();
      urls[name] = service.url;
    }
    return { urls, gatewayUrl: urls['api-gateway'], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
