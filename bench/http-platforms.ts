// Nest on Express against Nest on Fastify, and what the validation pipe costs per request:
// minimal apps with one POST route taking the real CreateOrderDto, each in its own process,
// driven in alternating rounds by autocannon; CPU per request read from /proc.
//
//   npm run bench:platforms -- [--rounds 3] [--seconds 10] [--connections 64] [--only a,b]
//
// Loopback only, nothing written. Figures on a shared machine are noisy: compare medians of rounds.
import 'reflect-metadata';
import { Body, Controller, type INestApplication, Module, Post, type ValidationPipeOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ChildProcess, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateOrderDto } from '#contracts';
import { configureHttpApp, createValidationPipe } from '#http';
import { orderBodies } from './lib/orders.js';
import { cpuMs } from './lib/proc.js';
import { percentiles, round, sleep } from './lib/stats.js';

interface Variant {
  platform: 'express' | 'fastify';
  /** The gateway's pipe with these overrides, or none at all. */
  pipe: ValidationPipeOptions | false;
  /** Express only: the shared set-up of every app (correlation id, JSON-only parsing, problem filter). */
  sharedSetup?: boolean;
}

const VARIANTS: Record<string, Variant> = {
  'express+pipe': { platform: 'express', pipe: {} },
  'fastify+pipe': { platform: 'fastify', pipe: {} },
  express: { platform: 'express', pipe: false },
  fastify: { platform: 'fastify', pipe: false },
  'express+pipe transform:false': { platform: 'express', pipe: { transform: false } },
  'express+pipe stopAtFirstError': { platform: 'express', pipe: { stopAtFirstError: true } },
  'express+configureHttpApp': { platform: 'express', pipe: {}, sharedSetup: true },
};

@Controller('v1/orders')
class CreateController {
  @Post()
  create(@Body() dto: CreateOrderDto): { id: string; status: string } {
    return { id: dto.channelOrderId, status: 'PLACED' };
  }
}

@Module({ controllers: [CreateController] })
class BenchModule {}

async function serve(name: string): Promise<void> {
  const variant = VARIANTS[name];
  let app: INestApplication;
  if (variant.platform === 'fastify') {
    // Loaded only here: the platform is a devDependency for this comparison.
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(BenchModule, new FastifyAdapter({ bodyLimit: 1024 * 1024 }), { logger: false });
  } else if (variant.sharedSetup) {
    app = configureHttpApp(await NestFactory.create(BenchModule, { logger: false, bodyParser: false }));
  } else {
    app = await NestFactory.create(BenchModule, { logger: false, rawBody: false });
  }
  if (variant.pipe && !variant.sharedSetup) app.useGlobalPipes(createValidationPipe(variant.pipe));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.send!({ port });
}

interface Round {
  rps: number;
  p50: number | null;
  p99: number | null;
  cpuPerRequest: number;
  non201: number;
}

function drive(port: number, bodies: string[], connections: number, seconds: number): Promise<Round & { requests: number }> {
  let next = 0;
  const latencies: number[] = [];
  let non201 = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/v1/orders',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const [p50, p99] = percentiles(latencies, [0.5, 0.99]);
        resolve({ rps: result.requests.total / seconds, requests: result.requests.total, p50, p99, cpuPerRequest: 0, non201 });
      },
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status === 201) latencies.push(ms);
      else non201++;
    });
  });
}

async function measure(
  child: ChildProcess,
  port: number,
  bodies: string[],
  connections: number,
  seconds: number,
): Promise<Round> {
  await drive(port, bodies, connections, 2); // warm-up: JIT, connections, heap
  const before = cpuMs(child.pid!)!;
  const r = await drive(port, bodies, connections, seconds);
  const cpu = cpuMs(child.pid!)! - before;
  return { ...r, cpuPerRequest: cpu / Math.max(1, r.requests) };
}

/** The pipe's two steps in-process, without HTTP: µs per body for plainToInstance and for validate. */
async function pipeSteps(bodies: string[]): Promise<{ transform: number; validate: number }> {
  const plain = bodies.map((b) => JSON.parse(b) as object);
  const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false };
  const n = 20_000;
  for (let i = 0; i < 2000; i++) await validate(plainToInstance(CreateOrderDto, plain[i % plain.length]), options);
  let t = performance.now();
  const instances = [];
  for (let i = 0; i < n; i++) instances.push(plainToInstance(CreateOrderDto, plain[i % plain.length]));
  const transform = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (const instance of instances) await validate(instance, options);
  return { transform, validate: ((performance.now() - t) * 1000) / n };
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const rounds = Number(option('rounds', '3'));
  const seconds = Number(option('seconds', '10'));
  const connections = Number(option('connections', '64'));
  const names = option('only', Object.keys(VARIANTS).join(',')).split(',');
  const next = orderBodies(`platforms-${Date.now()}`);
  const bodies = Array.from({ length: 2000 }, next);
  const meanBytes = bodies.reduce((s, b) => s + b.length, 0) / bodies.length;
  console.log(
    `${bodies.length} order bodies, mean ${Math.round(meanBytes)} B; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const steps = await pipeSteps(bodies);
  console.log(`in-process, per body: plainToInstance ${steps.transform.toFixed(1)} µs, validate ${steps.validate.toFixed(1)} µs`);

  const servers = new Map<string, { child: ChildProcess; port: number }>();
  try {
    for (const name of names) {
      if (!VARIANTS[name]) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
      const child = fork(new URL(import.meta.url).pathname, ['--serve', name], { stdio: 'inherit' });
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (m: { port: number }) => resolve(m.port));
        child.once('exit', (code) => reject(new Error(`${name} exited (${code})`)));
      });
      servers.set(name, { child, port });
    }
    const results = new Map<string, Round[]>(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      // Alternate the order so that a burst of load elsewhere does not always fall on the same variant.
      const order = r % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const { child, port } = servers.get(name)!;
        const result = await measure(child, port, bodies, connections, seconds);
        results.get(name)!.push(result);
        console.log(
          `round ${r + 1} ${name.padEnd(30)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ` +
            `${result.cpuPerRequest.toFixed(3)} CPU ms/req${result.non201 ? `  non-201: ${result.non201}` : ''}  (load ${loadavg()[0].toFixed(2)})`,
        );
        await sleep(500);
      }
    }
    const median = (xs: (number | null)[]) =>
      percentiles(
        xs.filter((x): x is number => x !== null),
        [0.5],
      )[0];
    console.log(`\nmedian of ${rounds} rounds, ${connections} connections, ${seconds} s each`);
    console.log(
      `${'variant'.padEnd(30)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU ms/req'.padStart(11)}`,
    );
    for (const [name, rs] of results) {
      const cells = [
        round(median(rs.map((x) => x.rps))),
        round(median(rs.map((x) => x.p50))),
        round(median(rs.map((x) => x.p99))),
        round(median(rs.map((x) => x.cpuPerRequest)), 3),
      ];
      console.log(
        `${name.padEnd(30)} ${String(cells[0]).padStart(7)} ${String(cells[1]).padStart(7)} ${String(cells[2]).padStart(7)} ${String(cells[3]).padStart(11)}`,
      );
    }
  } finally {
    for (const { child } of servers.values()) child.kill('SIGTERM');
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex > 0) await serve(process.argv[serveIndex + 1]);
else await main();
