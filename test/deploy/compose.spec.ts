import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

/**
 * docker-compose.yml as Docker Compose reads it. Without a Compose CLI on the CI machine (the
 * Docker client there has no compose plugin), the file is checked against the Compose
 * Specification's own JSON Schema, vendored from github.com/compose-spec/compose-spec
 * (schema/compose-spec.json at a08f8d51631b7127ddac3d2c65537db429d0f1d0, Apache-2.0), which
 * Compose itself validates with; then the start-up rules every service must follow.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
// YAML merge keys (`<<: *service`) are part of how Compose reads the file.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);

interface Service {
  image?: string;
  build?: unknown;
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

/** The schema names its draft by the https URL; Ajv knows draft-07 by the http one. */
function composeValidator(options: { allErrors?: boolean } = {}) {
  const ajv = new Ajv({ ...options, strict: false });
  const draft07 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json') as object;
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  return ajv.compile(JSON.parse(read('test/deploy/compose-spec.json')));
}

/** Images whose own releases are numbered major.minor (PostgreSQL since 10); all others here are major.minor.patch. */
const MAJOR_MINOR_RELEASES = new Set(['postgres']);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator({ allErrors: true });
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('the schema check does catch a malformed file', () => {
    const validate = composeValidator();
    const broken = structuredClone(compose) as any;
    broken.services.orders.depends_on.postgres.condition = 'service_ready';
    expect(validate(broken)).toBe(false);
  });

  it.each(services)('%s has a healthcheck', (_name, service) => {
    expect(service.healthcheck?.disable).not.toBe(true);
    expect(service.healthcheck?.test?.length).toBeGreaterThan(0);
  });

  it('services built from the Dockerfile check readiness with Node.js (the image has no curl or wget)', () => {
    const built = services.filter(([, s]) => s.build !== undefined);
    expect(built.map(([name]) => name).sort()).toEqual(['analytics', 'api-gateway', 'orders']);
    for (const [name, service] of built) {
      expect({ name, test: service.healthcheck?.test }).toEqual({
        name,
        test: [
          'CMD',
          'node',
          '-e',
          expect.stringContaining('fetch'),
          expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/health\/ready$/),
        ],
      });
    }
  });

  it('every dependency waits for the other service to be healthy', () => {
    const dependencies = services.flatMap(([name, s]) => Object.entries(s.depends_on ?? {}).map(([on, d]) => ({ name, on, d })));
    expect(dependencies).toContainEqual({ name: 'grafana', on: 'prometheus', d: { condition: 'service_healthy' } });
    for (const { name, on, d } of dependencies) {
      expect({ name, on, condition: (d as { condition?: string }).condition }).toEqual({
        name,
        on,
        condition: 'service_healthy',
      });
      expect(compose.services[on]?.healthcheck?.test).toBeDefined();
    }
  });

  it.each(services.filter(([, s]) => s.image))('%s runs an image pinned to an exact release', (_name, service) => {
    const [repository, tag = ''] = service.image!.split(':');
    const exact = MAJOR_MINOR_RELEASES.has(repository) ? /^\d+\.\d+(-[a-z0-9.]+)?$/ : /^v?\d+\.\d+\.\d+(-[a-z0-9.]+)?$/;
    expect(tag).toMatch(exact);
  });
});
