// deploy/ cannot run here (no Docker engine, no cluster), so what it names is
// checked against the code: every service, port, variable, secret, probe and
// command in deploy/compose.yaml, deploy/k8s and the Dockerfiles must exist in
// the services (their config.ts schemas, their package.json, the kit's routes).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { baseConfigSchema } from '@jir/service-kit';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPLOY = `${ROOT}deploy/`;
const read = (p: string) => readFileSync(p, 'utf8');

/** The components deploy/ runs, by directory under apps/. */
const COMPONENTS = ['intake', 'evidence-storage', 'deadline-monitor', 'reporting', 'web'] as const;
type Component = (typeof COMPONENTS)[number];
const BASE_VARS = Object.keys(baseConfigSchema('x', 1).shape);

/** What a component's config.ts declares: its variables and its default port. */
function configOf(app: Component) {
  const src = read(`${ROOT}apps/${app}/src/${app === 'web' ? 'server/' : ''}config.ts`);
  const own = [...src.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
  const base = /baseConfigSchema\('([\w-]+)',\s*(\d+)\)/.exec(src);
  if (base) expect(base[1], `${app}'s SERVICE_NAME default`).toBe(app);
  const port = Number(base?.[2] ?? /PORT:[^\n]*default\((\d+)\)/.exec(src)?.[1]);
  return { vars: new Set([...(base ? BASE_VARS : []), ...own]), port };
}
const exists = (app: Component) =>
  existsSync(`${ROOT}apps/${app}/src/${app === 'web' ? 'server/' : ''}config.ts`);
const mainOf = (app: Component) =>
  (JSON.parse(read(`${ROOT}apps/${app}/package.json`)) as { main: string }).main;

const compose = parse(read(`${DEPLOY}compose.yaml`), { merge: true }) as {
  services: Record<string, Record<string, any>>;
  secrets: Record<string, unknown>;
};
const kustomization = parse(read(`${DEPLOY}k8s/kustomization.yaml`)) as Record<string, any>;
const manifests = (kustomization['resources'] as string[]).flatMap((f) =>
  parseAllDocuments(read(`${DEPLOY}k8s/${f}`)).map((d) => d.toJS() as Record<string, any>),
);
const literals = (name: string) =>
  new Map<string, string>(
    (kustomization['configMapGenerator'] as { name: string; literals: string[] }[])
      .find((g) => g.name === name)!
      .literals.map((l) => l.split(/=(.*)/s, 2) as [string, string]),
  );
const secretKeys = new Set(
  read(`${DEPLOY}k8s/secrets.env.example`)
    .split('\n')
    .filter((l) => /^[A-Z]/.test(l))
    .map((l) => l.split('=')[0]!),
);
const kitRoutes = read(`${ROOT}packages/service-kit/src/http/create-http-app.ts`);
const webRoutes = exists('web') ? read(`${ROOT}apps/web/src/server/app.ts`) : '';

describe('deploy/ names only what the code has (R-NF-6)', () => {
  it('R-NF-6: compose runs PostgreSQL, a three-node NATS cluster that fsyncs every write, MinIO with Object Lock, and every component', () => {
    const names = Object.keys(compose.services);
    expect(names).toEqual(expect.arrayContaining(['postgres', 'minio', 'minio-init', ...COMPONENTS]));
    const nats = names.filter((n) => /^nats-\d$/.test(n));
    expect(nats).toHaveLength(3);
    const natsConf = read(`${DEPLOY}nats/nats.conf`);
    expect(natsConf).toMatch(/^\s*sync_interval:\s*always\s*$/m);
    for (const n of nats) {
      // sync_interval exists from NATS 2.10 on.
      const [major, minor] = /^nats:(\d+)\.(\d+)/.exec(compose.services[n]!['image'])!.slice(1).map(Number);
      expect(major! > 2 || minor! >= 10, `${n} image`).toBe(true);
      expect(natsConf).toContain(`nats-route://${n}:6222`);
    }
    const provision = read(`${DEPLOY}minio/provision.sh`);
    expect(provision).toContain('--with-lock');
    expect(provision).toMatch(/retention set --default COMPLIANCE/);
    expect(JSON.stringify(compose.services['minio-init']!['entrypoint'])).toContain('provision.sh');
    for (const [n, s] of Object.entries(compose.services))
      for (const d of Object.keys(s['depends_on'] ?? {}).concat(
        Array.isArray(s['depends_on']) ? s['depends_on'] : [],
      ))
        if (!/^\d+$/.test(d)) expect(names, `${n} depends on ${d}`).toContain(d);
  });

  for (const app of COMPONENTS) {
    it.skipIf(!exists(app))(
      `R-NF-6: ${app}: its Dockerfile, compose entry and Deployment name its real port, variables, probes and commands`,
      () => {
        const { vars, port } = configOf(app);
        expect(port, `${app} default port`).toBeGreaterThan(0);

        const dockerfile = read(`${DEPLOY}docker/${app}.Dockerfile`);
        expect(dockerfile).toMatch(/^FROM .+ AS build$/m); // multi-stage
        expect(dockerfile).toMatch(/^USER node$/m);
        expect(dockerfile).toMatch(/^HEALTHCHECK /m);
        expect(dockerfile).toContain(`EXPOSE ${port}`);
        expect(dockerfile).toContain(`PORT=${port}`);
        expect(dockerfile).toContain(`CMD ["node", "${mainOf(app)}"]`);
        expect(dockerfile).toContain(`--filter=@jir/${app}...`);
        // NODE_ENV is Node's own; every other ENV is a variable the service reads.
        const dockerEnv = [...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/));
        for (const kv of dockerEnv.filter((e) => !e.startsWith('NODE_ENV=')))
          expect(vars, `${app} Dockerfile ENV ${kv}`).toContain(kv.split('=')[0]);

        const svc = compose.services[app]!;
        expect(svc['build']['dockerfile']).toBe(`deploy/docker/${app}.Dockerfile`);
        for (const k of Object.keys(svc['environment'])) expect(vars, `compose ${app} ${k}`).toContain(k);
        expect(String(svc['environment']['PORT'])).toBe(String(port));
        expect(svc['ports']).toEqual([`${port}:${port}`]);
        for (const s of svc['secrets'] ?? []) expect(Object.keys(compose.secrets)).toContain(s);

        const deployment = manifests.find(
          (m) => m['kind'] === 'Deployment' && m['metadata']['name'] === app,
        )!;
        expect(deployment, `${app} Deployment`).toBeDefined();
        const service = manifests.find((m) => m['kind'] === 'Service' && m['metadata']['name'] === app)!;
        expect(service['spec']['ports'][0]['port']).toBe(port);
        const pod = deployment['spec']['template']['spec'];
        const containers = [...(pod['initContainers'] ?? []), ...pod['containers']] as Record<string, any>[];
        const images = (kustomization['images'] as { name: string }[]).map((i) => i.name);
        for (const c of containers) {
          expect(images, `${app} image`).toContain(c['image']);
          for (const e of c['env'] ?? []) {
            expect(vars, `k8s ${app}/${c['name']} env ${e.name}`).toContain(e.name);
            const secret = e.valueFrom?.secretKeyRef;
            if (secret) expect(secretKeys, `secret key ${secret.key}`).toContain(secret.key);
            const cm = e.valueFrom?.configMapKeyRef;
            if (cm) expect([...literals(cm.name).keys()], `config map key ${cm.key}`).toContain(cm.key);
          }
          for (const from of c['envFrom'] ?? [])
            for (const k of literals(from.configMapRef.name).keys())
              expect(vars, `k8s ${app} ${from.configMapRef.name}.${k}`).toContain(k);
          expect(c['resources']?.['requests'], `${c['name']} requests`).toBeDefined();
          expect(c['resources']?.['limits'], `${c['name']} limits`).toBeDefined();
          if (c['command']) {
            const script = c['command'].at(-1) as string; // dist/x.js, compiled from src/x.ts
            expect(
              existsSync(`${ROOT}apps/${app}/src/${script.replace(/^dist\//, '').replace(/\.js$/, '.ts')}`),
            ).toBe(true);
          }
        }
        const main = pod['containers'][0];
        expect(main['ports'][0]['containerPort']).toBe(port);
        const routes = app === 'web' ? webRoutes : kitRoutes;
        for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
          const path = main[probe]['httpGet']['path'] as string;
          // app.get('/healthz', …) or app.get(['/healthz', '/readyz'], …)
          expect(routes, `${app} ${probe} ${path}`).toMatch(new RegExp(`app\\.get\\(\\[?[^)]*'${path}'`));
        }
        if (app !== 'web') expect(main['readinessProbe']['httpGet']['path']).toBe('/readyz');
      },
    );
  }

  it('R-NF-3: the evidence pod asks for the memory its transfer buffers may hold at their cap, beside the process, and may use more', () => {
    const pod = manifests.find(
      (m) => m['kind'] === 'Deployment' && m['metadata']['name'] === 'evidence-storage',
    )!['spec']['template']['spec'];
    const container = pod['containers'][0];
    // The defaults, read from the code as deploy/ is checked against it; the config map may set
    // them, and the container's own env over that.
    const src = (f: string) => read(`${ROOT}apps/evidence-storage/src/${f}`);
    const constant = (file: string, re: RegExp) => Number(re.exec(src(file))?.[1]);
    const env = new Map<string, string>([
      ...literals('jir-config'),
      ...((container['env'] ?? []) as { name: string; value?: string }[])
        .filter((e) => e.value !== undefined)
        .map((e) => [e.name, String(e.value)] as [string, string]),
    ]);
    const setting = (name: string, fallback: number) => Number(env.get(name) ?? fallback);
    const buffers = 'evidence/transfer-buffers.ts';
    const slots = setting('MAX_CONCURRENT_UPLOADS', constant(buffers, /DEFAULT_UPLOAD_SLOTS = (\d+)/));
    // NaN, and so a failure below, if the per-upload count is no longer written this way.
    const perUpload =
      constant(buffers, /PARTS_IN_FLIGHT = (\d+)/) +
      constant(buffers, /PARTS_PER_UPLOAD = PARTS_IN_FLIGHT \+ (\d+)/);
    const partMb = setting(
      'S3_PART_SIZE_MB',
      constant('config.ts', /S3_PART_SIZE_MB:[^\n]*default\((\d+)\)/),
    );
    const downloadMb = setting('DOWNLOAD_BUFFER_MB', constant(buffers, /DEFAULT_DOWNLOAD_BUFFER_MB = (\d+)/));
    const buffersMb = slots * perUpload * partMb + downloadMb;
    expect(buffersMb, 'the transfer buffers at their cap, MiB').toBeGreaterThan(0);
    const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? Number(/^(\d+)Gi$/.exec(q)?.[1]) * 1024);
    const { requests, limits } = container['resources'];
    // About 150 MiB beside the buffers under the benchmark (V8 heap, the hashing threads, sockets):
    // a request below buffers + process is a pod the scheduler overcommits and evicts under load.
    expect(mib(requests.memory)).toBeGreaterThanOrEqual(buffersMb + 150);
    expect(mib(limits.memory)).toBeGreaterThanOrEqual(mib(requests.memory) + 256);
  });
});
