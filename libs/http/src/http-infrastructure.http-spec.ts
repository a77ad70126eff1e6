import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpException,
  type INestApplication,
  Logger,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, type ValidationError } from 'class-validator';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { configureHttpApp, CorrelationId, flattenValidationErrors, ProblemException, UuidParamPipe } from './index.js';

class LineDto {
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
}
class ThingDto {
  @IsString() name: string;
  @ValidateNested({ each: true }) @Type(() => LineDto) lines: LineDto[];
}

class Timeout extends Error {
  override name = 'TimeoutError';
}

@Controller()
class ProbeController {
  @Post('things')
  create(@Body() dto: ThingDto) {
    return { ok: true, isInstance: dto instanceof ThingDto, lineIsInstance: dto.lines?.[0] instanceof LineDto };
  }
  @Post('anything')
  anything(@Body() body: Record<string, unknown>) {
    return { keys: Object.keys(body) };
  }
  @Get('things/:thingId')
  get(@Param('thingId', UuidParamPipe) thingId: string) {
    return { thingId };
  }
  @Get('correlation')
  correlation(@CorrelationId() id: string) {
    return { id };
  }
  @Get('problem')
  problem() {
    throw new ProblemException({
      status: 409,
      type: 'illegal-transition',
      title: 'Transition not allowed',
      detail: 'PICKED_UP is terminal',
      extensions: { from: 'PICKED_UP', to: 'ACCEPTED', allowed: [], status: 999 },
      headers: { 'Retry-After': '5' },
    });
  }
  @Get('http-string')
  httpString() {
    throw new HttpException('I am a teapot', 418);
  }
  @Get('http-list')
  httpList() {
    throw new BadRequestException(['a is wrong', 'b is wrong']);
  }
  @Get('http-empty')
  httpEmpty() {
    throw new HttpException('', 409);
  }
  @Get('unavailable')
  unavailable() {
    throw new ServiceUnavailableException('orders service did not answer');
  }
  @Get('timeout')
  timeout() {
    throw new Timeout('Timeout has occurred');
  }
  @Get('boom')
  boom() {
    throw new Error('secret internals at /srv/db password=hunter2');
  }
  @Get('http-500')
  http500() {
    throw new HttpException('connection string postgres://u:p@h/db', 500);
  }
}

let app: INestApplication;
let http: () => request.Agent;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
  app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureHttpApp(app, { bodyLimit: 1024 });
  await app.init();
  const server = app.getHttpServer() as App;
  http = () => request(server);
});
afterAll(() => app.close());
afterEach(() => jest.restoreAllMocks());

function expectProblem(res: request.Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `https://problems.orders.dev/${type}`, status });
  expect(res.body.title).toEqual(expect.any(String));
  expect(res.body.detail).toEqual(expect.any(String));
  expect(res.body.detail.trim()).not.toBe('');
  expect(res.body.instance).toEqual(expect.stringMatching(/^\//));
  return res.body as Record<string, any>;
}

describe('flattenValidationErrors', () => {
  it('gives dotted paths, one message per field, the first declared constraint first', () => {
    const errors: ValidationError[] = [
      { property: 'name', constraints: { maxLength: 'too long', isString: 'name must be a string' }, children: [] },
      {
        property: 'items',
        children: [
          {
            property: '0',
            children: [
              { property: 'quantity', constraints: { min: 'quantity must not be less than 1' }, children: [] },
              { property: 'colour', constraints: { whitelistValidation: 'property colour should not exist' }, children: [] },
            ],
          },
        ],
      },
    ];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'items.0.quantity', message: 'quantity must not be less than 1' },
      { field: 'items.0.colour', message: 'property colour should not exist' },
    ]);
  });
});

describe('validation pipe', () => {
  it('hands a valid body over as parsed, nested ones too: nothing is rebuilt from it', async () => {
    const res = await http()
      .post('/things')
      .send({ name: 'x', lines: [{ sku: 'a', qty: 1 }] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ok: true, isInstance: false, lineIsInstance: false });
  });

  it('names unknown fields, top-level and nested', async () => {
    const res = await http()
      .post('/things')
      .send({ name: 'x', foo: 1, lines: [{ sku: 'a', qty: 1, colour: 'red' }] });
    const problem = expectProblem(res, 400, 'validation-error');
    expect(problem.errors).toEqual([
      { field: 'foo', message: 'property foo should not exist' },
      { field: 'lines.0.colour', message: 'property colour should not exist' },
    ]);
    expect(problem.detail).toContain('foo');
  });

  it('names wrong types with their paths', async () => {
    const res = await http()
      .post('/things')
      .send({ name: 3, lines: [{ sku: 'a', qty: 0 }] });
    const problem = expectProblem(res, 400, 'validation-error');
    expect(problem.errors).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'lines.0.qty', message: 'qty must not be less than 1' },
    ]);
  });

  it('refuses a body that is not a JSON object', async () => {
    const res = await http()
      .post('/things')
      .send([{ name: 'x' }]);
    expectProblem(res, 400, 'validation-error');
  });

  it('names __proto__ and constructor keys as unknown fields instead of dropping them', async () => {
    for (const key of ['__proto__', 'constructor']) {
      const body = `{"name":"x","lines":[{"sku":"a","qty":1,"${key}":{"polluted":true}}]}`;
      const res = await http().post('/things').set('Content-Type', 'application/json').send(body);
      expect(expectProblem(res, 400, 'validation-error').errors).toEqual([
        { field: `lines.0.${key}`, message: `property ${key} should not exist` },
      ]);
    }
  });

  it('refuses deeply nested JSON with a 400 naming where, not a stack overflow', async () => {
    const body = `{"name":"x","lines":${'['.repeat(400)}${']'.repeat(400)}}`;
    const res = await http().post('/things').set('Content-Type', 'application/json').send(body);
    const problem = expectProblem(res, 400, 'validation-error');
    expect(problem.errors).toEqual([{ field: 'lines.0', message: 'lines.0 must be an object' }]);
  });

  it('refuses JSON nested deeper than 32 levels in a body no class describes', async () => {
    const body = `{"a":${'['.repeat(400)}${']'.repeat(400)}}`;
    const res = await http().post('/anything').set('Content-Type', 'application/json').send(body);
    const problem = expectProblem(res, 400, 'validation-error');
    expect(problem.errors[0].field).toMatch(/^a\.0\.0\./);
    expect(problem.errors[0].message).toContain('deeper than 32');
  });
});

describe('body parsing', () => {
  it('answers invalid UTF-8 with 400 naming the field that holds it', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"ab'), Buffer.from([0xc3, 0x28]), Buffer.from('","lines":[]}')]);
    const res = await http()
      .post('/things')
      .set('Content-Type', 'application/json')
      // superagent would JSON-encode a Buffer; its serializer may hand the bytes over unchanged
      .serialize((raw: Buffer) => raw as unknown as string)
      .send(body);
    const problem = expectProblem(res, 400, 'validation-error');
    expect(problem.errors).toEqual([{ field: 'name', message: 'name is not valid UTF-8' }]);
  });

  it('answers malformed JSON with 400 naming the parse error', async () => {
    const res = await http().post('/things').set('Content-Type', 'application/json').send('{"name": ');
    const problem = expectProblem(res, 400, 'malformed-json');
    expect(problem.detail).toMatch(/not valid JSON: .+/);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await http()
      .post('/things')
      .send({ name: 'x'.repeat(2000) });
    const problem = expectProblem(res, 413, 'payload-too-large');
    expect(problem.detail).toContain('1024');
  });

  it('answers a declared length over the limit before the body is sent, and closes the connection', async () => {
    const server = app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Headers only: a server that read the body first would wait for bytes that never come.
    const answer = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/things',
          headers: { 'content-type': 'application/json', 'content-length': 50_000_000 },
        },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode!, connection: res.headers.connection });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });

  it('answers a non-JSON body with 415, a form too', async () => {
    expectProblem(await http().post('/things').set('Content-Type', 'text/plain').send('name=x'), 415, 'unsupported-media-type');
    expectProblem(await http().post('/things').type('form').send('name=x'), 415, 'unsupported-media-type');
  });

  it('answers a body without Content-Type with 415', async () => {
    const res = await http().post('/things').set('Content-Length', '2').send(Buffer.from('{}'));
    // supertest sets no content type for a Buffer
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('accepts application/*+json', async () => {
    const res = await http()
      .post('/things')
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ name: 'x', lines: [] }));
    expect(res.status).toBe(201);
  });

  it('answers a member named twice with a 400 naming it, whatever its escaping, and takes each name once otherwise', async () => {
    const send = (body: string) => http().post('/things').set('Content-Type', 'application/json').send(body);
    for (const [body, field] of [
      ['{"name":"x","lines":[],"name":"y"}', 'name'],
      ['{"name":"x","lines":[{"sku":"a","qty":1},{"sku":"b","qty":2,"\\u0071ty":3}]}', 'lines.1.qty'],
    ] as const) {
      const problem = expectProblem(await send(body), 400, 'validation-error');
      expect(problem.errors).toEqual([{ field, message: `${field} is given more than once` }]);
      expect(problem.detail).toContain(`${field} is given more than once`);
    }
    // The same name in two objects, or as a value, is no duplicate.
    expect((await send('{"name":"name","lines":[{"sku":"a","qty":1},{"sku":"a","qty":1}]}')).status).toBe(201);
  });

  it('answers an unsupported charset or encoding with 415', async () => {
    expectProblem(
      await http().post('/things').set('Content-Type', 'application/json; charset=latin1').send('{}'),
      415,
      'unsupported-media-type',
    );
    const json = JSON.stringify({ name: 'x', lines: [] });
    const utf16be = Buffer.from(json, 'utf16le').swap16();
    for (const [charset, bytes] of [
      ['utf-16', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
      ['UTF-16LE', Buffer.from(json, 'utf16le')],
      ['utf-16be', utf16be],
      ['utf-32', Buffer.from(json)],
      ['"utf-16"', Buffer.from(json, 'utf16le')],
    ] as const) {
      const res = await http().post('/things').set('Content-Type', `application/json; charset=${charset}`).send(bytes);
      expect(expectProblem(res, 415, 'unsupported-media-type').detail).toContain(charset.replaceAll('"', ''));
    }
    const utf8 = await http().post('/things').set('Content-Type', 'application/json; charset=UTF-8').send(json);
    expect(utf8.status).toBe(201);
    expectProblem(
      await http().post('/things').set('Content-Type', 'application/json').set('Content-Encoding', 'foo').send('{}'),
      415,
      'unsupported-media-type',
    );
  });
});

describe('problem filter', () => {
  it('writes ProblemException extras at the top level, never over the standard members, with its headers', async () => {
    const res = await http().get('/problem');
    const problem = expectProblem(res, 409, 'illegal-transition');
    expect(problem).toEqual({
      type: 'https://problems.orders.dev/illegal-transition',
      title: 'Transition not allowed',
      status: 409,
      detail: 'PICKED_UP is terminal',
      instance: '/problem',
      from: 'PICKED_UP',
      to: 'ACCEPTED',
      allowed: [],
    });
    expect(res.headers['retry-after']).toBe('5');
  });

  it('maps Nest HttpExceptions, keeping their status and message', async () => {
    expect(expectProblem(await http().get('/http-string'), 418, 'i-m-a-teapot').detail).toBe('I am a teapot');
    expect(expectProblem(await http().get('/http-list'), 400, 'bad-request').detail).toBe('a is wrong; b is wrong');
    expect(expectProblem(await http().get('/http-empty'), 409, 'conflict').detail).toBe('Conflict');
    expect(expectProblem(await http().get('/unavailable'), 503, 'service-unavailable').detail).toBe(
      'orders service did not answer',
    );
  });

  it('tells when to retry on every 503, the broker-unavailable ones included', async () => {
    expect((await http().get('/unavailable')).headers['retry-after']).toBe('1');
  });

  it('maps an RPC timeout to 503', async () => {
    const res = await http().get('/timeout');
    expectProblem(res, 503, 'service-unavailable');
    expect(res.headers['retry-after']).toBe('1');
  });

  it('answers unknown routes with 404', async () => {
    const problem = expectProblem(await http().get('/nowhere?x=1'), 404, 'not-found');
    expect(problem.instance).toBe('/nowhere');
  });

  it('answers anything unexpected with a generic 500, logs it, leaks nothing', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    for (const path of ['/boom', '/http-500']) {
      const res = await http().get(path);
      const problem = expectProblem(res, 500, 'internal-error');
      expect(JSON.stringify(problem)).not.toMatch(/hunter2|secret|postgres|stack|\.ts:/);
    }
    expect(logged).toHaveBeenCalledTimes(2);
    expect(String(logged.mock.calls[0][0])).toContain('hunter2');
  });

  it('does not send X-Powered-By', async () => {
    const res = await http().get('/nowhere');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('UuidParamPipe', () => {
  it('passes a UUID, in lower case', async () => {
    const res = await http().get('/things/3F2C5A1E-9B7D-5C4E-8A2F-1D0E6B7C9A85');
    expect(res.body).toEqual({ thingId: '3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a85' });
  });

  it.each([
    ['a word', 'abc'],
    ['no dashes', '3f2c5a1e9b7d5c4e8a2f1d0e6b7c9a85'],
    ['a non-hex digit', '3f2c5a1e-9b7d-5c4e-8a2f-1d0e6b7c9a8z'],
    ['300 characters', 'a'.repeat(300)],
  ])('refuses %s with a 400 naming the parameter', async (_label, id) => {
    const problem = expectProblem(await http().get(`/things/${id}`), 400, 'validation-error');
    expect(problem.errors).toEqual([{ field: 'thingId', message: 'thingId must be a UUID' }]);
    expect(problem.detail).toContain('thingId');
    expect(problem.detail.length).toBeLessThan(200);
  });
});

describe('correlation id', () => {
  it('echoes a sane X-Correlation-Id', async () => {
    const res = await http().get('/correlation').set('X-Correlation-Id', 'req-42.a:b_c');
    expect(res.body.id).toBe('req-42.a:b_c');
    expect(res.headers['x-correlation-id']).toBe('req-42.a:b_c');
  });

  it.each([
    ['spaces', 'has spaces'],
    ['129 characters', 'x'.repeat(129)],
    ['markup', '<script>'],
    ['an empty value', ''],
  ])('replaces %s with a new UUID', async (_label, given) => {
    const res = await http().get('/correlation').set('X-Correlation-Id', given);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-correlation-id']).toBe(res.body.id);
  });

  it('is on problem responses too', async () => {
    const res = await http().get('/nowhere').set('X-Correlation-Id', 'trace-1');
    expect(res.headers['x-correlation-id']).toBe('trace-1');
  });
});
