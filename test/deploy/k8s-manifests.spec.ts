import { readdirSync, readFileSync } from 'node:fs';
import * as models from 'kubernetes-models';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '#config';

/**
 * The manifests as `kubectl apply -f deploy/k8s/` reads them: each document checked against the
 * Kubernetes schema of its kind (kubernetes-models), then the rules an operator relies on: the
 * Secret stays out of them, images are pulled by version, every pod meets the restricted Pod
 * Security Standard, and the scrape annotations are the ones the shipped scrape job reads.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
}

type ModelClass = (new (data: unknown) => { validate(): void }) & { apiVersion: string; kind: string };

/** Every model class of kubernetes-models, by `apiVersion kind`. */
function modelIndex(): Map<string, ModelClass> {
  const index = new Map<string, ModelClass>();
  const visit = (node: unknown, depth: number): void => {
    if (typeof node === 'function' && 'apiVersion' in node && 'kind' in node) {
      const model = node as ModelClass;
      index.set(`${model.apiVersion} ${model.kind}`, model);
    } else if (node && typeof node === 'object' && depth < 3) {
      for (const child of Object.values(node)) visit(child, depth + 1);
    }
  };
  visit(models, 0);
  return index;
}

const files = readdirSync(new URL('deploy/k8s/', root)).filter((f) => /\.ya?ml$/.test(f));
const manifests: Manifest[] = files.flatMap((file) =>
  parseAllDocuments(read(`deploy/k8s/${file}`)).map((doc) => {
    expect(doc.errors).toEqual([]);
    return { file, ...(doc.toJS() as Omit<Manifest, 'file'>) };
  }),
);
const workloads = manifests.filter((m) => m.spec?.template?.spec);
const podSpecs = workloads.map((w) => ({ name: `${w.kind}/${w.metadata.name}`, template: w.spec.template }));
const containersOf = (spec: any): any[] => [...(spec.initContainers ?? []), ...spec.containers];

describe('deploy/k8s', () => {
  it('holds the namespace, its configuration and the three services', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      expect.arrayContaining([
        'Namespace/orders',
        'ConfigMap/orders-config',
        'Deployment/api-gateway',
        'Deployment/orders',
        'Deployment/analytics',
      ]),
    );
  });

  it('every document is valid against the Kubernetes schema of its kind', () => {
    const index = modelIndex();
    expect(index.size).toBeGreaterThan(50);
    for (const { file, ...manifest } of manifests) {
      const Model = index.get(`${manifest.apiVersion} ${manifest.kind}`);
      expect({ file, kind: `${manifest.apiVersion} ${manifest.kind}`, known: Model !== undefined }).toEqual({
        file,
        kind: `${manifest.apiVersion} ${manifest.kind}`,
        known: true,
      });
      expect(() => new Model!(manifest).validate()).not.toThrow();
    }
  });

  it('the schema check does catch a malformed manifest', () => {
    const Deployment = modelIndex().get('apps/v1 Deployment')!;
    const broken = structuredClone(workloads[0]) as any;
    broken.spec.replicas = 'three';
    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
  });

  it('applying them never touches a Secret: it is created apart (deploy/k8s/README.md)', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    const referenced = new Set(
      podSpecs.flatMap(({ template }) =>
        containersOf(template.spec).flatMap((c) => (c.envFrom ?? []).map((e: any) => e.secretRef?.name).filter(Boolean)),
      ),
    );
    expect([...referenced]).toEqual(['orders-secrets']);
    expect(read('deploy/k8s/README.md')).toContain('kubectl create secret generic orders-secrets --namespace orders');
    const example = read('deploy/secrets/orders-secrets.example.env');
    for (const name of ['DATABASE_URL', 'AMQP_URL', 'API_KEYS']) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('every object lives in the namespace orders', () => {
    for (const m of manifests.filter((m) => m.kind !== 'Namespace'))
      expect([m.kind, m.metadata.namespace]).toEqual([m.kind, 'orders']);
  });

  it('images are pulled by version from an explicit registry, the version of package.json and docker-compose.yml', () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    const composeImage = (parse(read('docker-compose.yml'), { merge: true }) as any).services.orders.image as string;
    const tag = composeImage.split(':')[1];
    expect(tag).toBe(`${version}-node26`);
    for (const { name, template } of podSpecs) {
      for (const c of containersOf(template.spec)) {
        expect({ name, image: c.image, pull: c.imagePullPolicy }).toEqual({
          name,
          image: `registry.example.com/order-management-platform:${tag}`,
          pull: 'IfNotPresent',
        });
      }
    }
  });

  describe('the restricted Pod Security Standard', () => {
    it('is enforced on the namespace', () => {
      const ns = manifests.find((m) => m.kind === 'Namespace')!;
      expect(ns.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    });

    it.each(podSpecs.map((p) => [p.name, p.template]))('%s meets it', (_name, template: any) => {
      expect(restrictedViolations(template.spec)).toEqual([]);
    });

    it('the check does catch a pod that breaks it', () => {
      const spec = structuredClone(podSpecs[0].template.spec);
      delete spec.securityContext.seccompProfile;
      delete spec.containers[0].securityContext.seccompProfile;
      spec.containers[0].securityContext.allowPrivilegeEscalation = true;
      spec.containers[0].securityContext.capabilities = { add: ['NET_ADMIN'] };
      spec.hostNetwork = true;
      expect(restrictedViolations(spec)).toEqual([
        'hostNetwork',
        `${spec.containers[0].name}: seccompProfile`,
        `${spec.containers[0].name}: allowPrivilegeEscalation`,
        `${spec.containers[0].name}: capabilities.drop ALL`,
        `${spec.containers[0].name}: capabilities.add NET_ADMIN`,
      ]);
    });
  });

  it('every pod is scraped through its annotations, by the job of deploy/prometheus/kubernetes-pods.yml', () => {
    const job = (parse(read('deploy/prometheus/kubernetes-pods.yml')) as any).scrape_configs[0];
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['orders'] } }]);
    const sources = job.relabel_configs.flatMap((r: any) => r.source_labels as string[]);
    for (const annotation of ['scrape', 'port', 'path']) {
      expect(sources).toContain(`__meta_kubernetes_pod_annotation_prometheus_io_${annotation}`);
    }
    expect(job.relabel_configs).toContainEqual(
      expect.objectContaining({ source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'http', action: 'keep' }),
    );
    for (const { name, template } of podSpecs) {
      const annotations = template.metadata.annotations ?? {};
      const ports = template.spec.containers.flatMap((c: any) => c.ports ?? []);
      // /metrics is served on the admin port where the service has one (the gateway's ADMIN_PORT).
      const metrics = ports.find((p: any) => p.name === 'admin') ?? ports.find((p: any) => p.name === 'http');
      expect({ name, ...annotations }).toEqual({
        name,
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(metrics.containerPort),
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it("each Deployment starts with the configuration it is given: every value passes the services' own checks", () => {
    const shared = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'orders-config')!;
    const secrets = {
      DATABASE_URL: 'postgres://orders@db:5432/orders',
      AMQP_URL: 'amqp://orders@rabbitmq:5672',
      API_KEYS: 'admin:a-long-enough-key',
    };
    for (const { name, template } of podSpecs) {
      const own = Object.fromEntries(
        template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]),
      );
      const env = { ...(shared as any).data, ...own, ...secrets };
      expect({ name, problems: problemsOf(() => loadConfig(env)) }).toEqual({ name, problems: [] });
      // Shipped with tracing off; the collector's address alone turns it on.
      expect(loadConfig(env).tracing).toEqual({});
      const traced = loadConfig({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318' });
      expect(traced.tracing).toEqual({ otlpEndpoint: 'http://otel-collector.observability:4318' });
    }
  });

  it("the gateway's admin port is set, kept out of its Service, and open only to the namespace and Prometheus", () => {
    const gateway = podSpecs.find((p) => p.name === 'Deployment/api-gateway')!.template.spec.containers[0];
    const env = Object.fromEntries(gateway.env.map((e: any) => [e.name, e.value]));
    const admin = gateway.ports.find((p: any) => p.name === 'admin');
    expect(Number(env.ADMIN_PORT)).toBe(admin.containerPort);
    const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === 'api-gateway')!;
    expect(service.spec.ports.map((p: any) => p.targetPort)).toEqual(['http']);
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'api-gateway-admin-port')!;
    expect(policy.spec.podSelector.matchLabels).toEqual({ app: 'api-gateway' });
    const adminRule = policy.spec.ingress.find((r: any) => r.ports.some((p: any) => p.port === admin.containerPort));
    expect(adminRule.from).toEqual([
      { podSelector: {} },
      expect.objectContaining({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }),
    ]);
  });
});

function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * What the restricted profile (Kubernetes Pod Security Standards, "Restricted") refuses in a pod
 * spec: host namespaces, host paths, privileged or root containers, privilege escalation, any
 * capability but NET_BIND_SERVICE, and a missing RuntimeDefault/Localhost seccomp profile.
 */
function restrictedViolations(spec: any): string[] {
  const problems: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field]) problems.push(field);
  for (const volume of spec.volumes ?? []) if (volume.hostPath) problems.push(`volume ${volume.name}: hostPath`);
  const pod = spec.securityContext ?? {};
  const seccomp = (profile: any) => ['RuntimeDefault', 'Localhost'].includes(profile?.type);
  for (const c of containersOf(spec)) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) problems.push(`${c.name}: privileged`);
    if (!(sc.runAsNonRoot ?? pod.runAsNonRoot)) problems.push(`${c.name}: runAsNonRoot`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) problems.push(`${c.name}: runAsUser 0`);
    if (!seccomp(sc.seccompProfile ?? pod.seccompProfile)) problems.push(`${c.name}: seccompProfile`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${c.name}: allowPrivilegeEscalation`);
    if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${c.name}: capabilities.drop ALL`);
    for (const cap of sc.capabilities?.add ?? [])
      if (cap !== 'NET_BIND_SERVICE') problems.push(`${c.name}: capabilities.add ${cap}`);
  }
  return problems;
}
