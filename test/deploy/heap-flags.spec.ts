import { readFileSync, readdirSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { nodeArguments, SERVICES, serviceNamed, type ServiceName } from '../../scripts/services.mjs';

/**
 * Each service runs with the Node flags of scripts/services.mjs (heap bounds included) wherever it
 * is deployed: `npm start`, the benchmark and the fault suite use that module, the Dockerfile,
 * docker-compose.yml and deploy/k8s/ hold copies of its figures, read here as Node would read them.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** What Node runs with: NODE_OPTIONS first, then the command line after `node`. */
function nodeFlags(command: string[], nodeOptions: string | undefined): string[] {
  expect(command[0]).toBe('node');
  return [...(nodeOptions ?? '').split(' ').filter(Boolean), ...command.slice(1)];
}

const serviceOf = (command: string[]) => SERVICES.find((s) => command.includes(s.entry))?.name;

function dockerfile() {
  const text = read('Dockerfile');
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));
  const nodeOptions = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(finalStage)?.[1];
  const command = JSON.parse(/^CMD (\[.*\])$/m.exec(finalStage)![1]) as string[];
  return { nodeOptions, command };
}

const image = dockerfile();
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, { build?: unknown; command?: string[]; environment?: Record<string, string> }>;
};
const k8sContainers = readdirSync(new URL('deploy/k8s/', root))
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((f) => parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => d.toJS()))
  .filter((m) => m?.kind === 'Deployment')
  .flatMap(
    (m) => m.spec.template.spec.containers as { name: string; command: string[]; env?: { name: string; value: string }[] }[],
  );

const sorted = (flags: string[]) => [...flags].sort();

describe('heap flags: scripts/services.mjs, true wherever the services are deployed', () => {
  it('the image runs the service of its default command with that service’s flags', () => {
    const name = serviceOf(image.command)!;
    expect(name).toBe('api-gateway');
    expect(sorted(nodeFlags(image.command, image.nodeOptions))).toEqual(sorted(nodeArguments(name)));
  });

  it('the image’s NODE_OPTIONS cap the old space as every service runs it', () => {
    expect(image.nodeOptions).toContain('--max-old-space-size=');
    for (const { heapFlags } of SERVICES)
      expect(heapFlags).toContain(image.nodeOptions!.split(' ').find((f) => f.startsWith('--max-old')));
  });

  it.each(SERVICES.map((s) => s.name))('docker-compose.yml runs %s with its flags', (name) => {
    const service = compose.services[name];
    expect(service.build).toBeDefined();
    const nodeOptions = service.environment?.NODE_OPTIONS ?? image.nodeOptions;
    expect(sorted(nodeFlags(service.command!, nodeOptions))).toEqual(sorted(nodeArguments(name)));
  });

  it.each(SERVICES.map((s) => s.name))('deploy/k8s runs %s with its flags', (name) => {
    const container = k8sContainers.find((c) => c.name === name)!;
    const nodeOptions = container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? image.nodeOptions;
    expect(sorted(nodeFlags(container.command, nodeOptions))).toEqual(sorted(nodeArguments(name as ServiceName)));
  });

  it('the check does catch a service left without the old-space cap', () => {
    const analytics = compose.services.analytics;
    expect(sorted(nodeFlags(analytics.command!, '--max-semi-space-size=8'))).not.toEqual(sorted(nodeArguments('analytics')));
  });
});
