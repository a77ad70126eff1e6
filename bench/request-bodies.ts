/**
 * `npm run bench:bodies`: what the gateway spends on a request body before anything is queued
 * (JSON parsing, then the validation pipe every route uses), for the largest legitimate order and
 * for hostile bodies of 100,000-element arrays: CPU per body, peak heap while validating, and the
 * heap left after a full collection. `--unguarded` measures Nest's plain ValidationPipe with the
 * same options, without the declared-limits check in front of it, in a process whose heap is
 * capped as the image caps the gateway's, to show what that check prevents.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { CreateOrderDto } from '#contracts';
import { createValidationPipe, VALIDATION_PIPE_OPTIONS } from '#http';
import { asciiJson, largestOrder } from '../apps/api-gateway/src/largest-order.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const many = (element: () => unknown) => Array.from({ length: 100_000 }, element);
const hostile = (over: Record<string, unknown>) =>
  JSON.stringify({ channelOrderId: 'X1', brandId: 'b', customer: { name: 'a' }, items: [{}], ...over });

const BODIES: Record<string, () => string> = {
  'largest legitimate order': () => asciiJson(largestOrder()),
  'items: 100,000 empty objects': () => hostile({ items: many(() => ({})) }),
  'items: 100,000 integers': () => hostile({ items: many(() => 1) }),
  'items: 100,000 nested objects': () => hostile({ items: many(() => ({ a: { b: [{}] } })) }),
  'customer: 100,000 empty objects': () => hostile({ customer: many(() => ({})) }),
  'unknown field: 100,000 empty objects': () => hostile({ extras: many(() => ({})) }),
};

const unguarded = process.argv.includes('--unguarded');
const pipe = unguarded ? new ValidationPipe(VALIDATION_PIPE_OPTIONS) : createValidationPipe();
const metadata: ArgumentMetadata = { type: 'body', metatype: CreateOrderDto, data: '' };
const MB = 2 ** 20;

async function measure(name: string, text: string, repetitions: number) {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = 0;
  let outcome = '';
  let cpuMicros = 0;
  for (let i = 0; i < repetitions; i++) {
    // Collected before each body, so that the peak is what one body needs, not the garbage of the ones before.
    gc();
    const start = process.memoryUsage().heapUsed;
    const cpu = process.cpuUsage();
    try {
      await pipe.transform(JSON.parse(text), metadata);
      outcome = 'valid';
    } catch (error) {
      const errors = (error as { extensions?: { errors?: unknown[] } }).extensions?.errors;
      outcome = `refused, ${errors?.length ?? 'all'} errors listed`;
    }
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    peak = Math.max(peak, process.memoryUsage().heapUsed - start);
  }
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  const perBody = cpuMicros / 1000 / repetitions;
  console.log(
    `${name.padEnd(38)} ${(text.length / 1024).toFixed(0).padStart(5)} KB  ${perBody.toFixed(2).padStart(8)} ms CPU` +
      `  heap +${(peak / MB).toFixed(1).padStart(6)} MB  retained ${(retained / MB).toFixed(1).padStart(5)} MB  ${outcome}`,
  );
}

if (process.argv[2] === '--one') {
  const name = process.argv[3]!;
  await measure(name, BODIES[name]!(), 1);
} else if (unguarded) {
  // Each body in a process of its own with the gateway's heap cap: one body may be enough to end it.
  for (const name of Object.keys(BODIES)) {
    const child = fork(process.argv[1]!, ['--one', name, '--unguarded'], { execArgv: ['--max-old-space-size=160'] });
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c, signal) => resolve(signal ? 128 : c)));
    if (code !== 0)
      console.log(`${name.padEnd(38)} process ended (exit ${code}) after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} else {
  console.log(`validation of one body, mean of repeated runs (${unguarded ? 'unguarded' : 'as the gateway runs it'})`);
  for (const [name, body] of Object.entries(BODIES)) await measure(name, body(), name.startsWith('largest') ? 50 : 20);
}
