import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EndpointAgents } from './endpoint-agents.js';
import { postEvent } from './post-event.js';

/** A loopback endpoint answering what `answer` says, counting the requests that reach it. */
let server: http.Server;
let hits: string[] = [];
let clientPorts: number[] = [];
let answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200).end();
const port = () => (server.address() as AddressInfo).port;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    clientPorts.push(req.socket.remotePort ?? 0);
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(() => {
  hits = [];
  clientPorts = [];
  answer = (res) => res.writeHead(200).end();
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open = { allowHttp: true, allowPrivateNetworks: true, timeoutMs: 500 };
const strict = { allowHttp: true, allowPrivateNetworks: false, timeoutMs: 500 };

describe('postEvent', () => {
  it('never connects to a private address unless allowed, by literal or by name, and does not retry that', async () => {
    for (const url of [`http://127.0.0.1:${port()}/a`, `http://localhost:${port()}/b`, `http://[::ffff:127.0.0.1]:${port()}/c`]) {
      expect(await postEvent(url, '{}', {}, strict)).toMatchObject({ retryable: false });
    }
    expect(hits).toEqual([]);
    expect(await postEvent(`http://localhost:${port()}/d`, '{}', {}, open)).toEqual({ statusCode: 200 });
    expect(hits).toEqual(['/d']);
  });

  it('does not follow a redirect: the answer is the 3xx', async () => {
    answer = (res) => res.writeHead(302, { location: `http://127.0.0.1:${port()}/elsewhere` }).end();
    expect(await postEvent(`http://127.0.0.1:${port()}/moved`, '{}', {}, open)).toMatchObject({ statusCode: 302 });
    expect(hits).toEqual(['/moved']);
  });

  it('gives up on an endpoint that does not answer within the timeout, as a retryable error', async () => {
    answer = () => undefined;
    const started = Date.now();
    expect(await postEvent(`http://127.0.0.1:${port()}/slow`, '{}', {}, open)).toEqual({
      error: 'timed out after 500 ms',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a refused connection as retryable, and keeps the start of a refusal’s body and its Retry-After', async () => {
    expect(await postEvent('http://127.0.0.1:1/x', '{}', {}, open)).toMatchObject({ retryable: true });
    answer = (res) => res.writeHead(503, { 'retry-after': '7' }).end(`busy ${'x'.repeat(5_000)}`);
    const result = await postEvent(`http://127.0.0.1:${port()}/busy`, '{}', {}, open);
    expect(result).toMatchObject({ statusCode: 503, retryAfter: '7', snippet: expect.stringMatching(/^busy x+$/) });
    expect((result as { snippet: string }).snippet.length).toBeLessThanOrEqual(200);
  });

  it('keeps an endpoint’s connection open for its next deliveries, and still refuses a private address', async () => {
    const agents = new EndpointAgents(2);
    try {
      for (const path of ['/1', '/2', '/3']) {
        expect(await postEvent(`http://localhost:${port()}${path}`, '{}', {}, open, agents)).toEqual({ statusCode: 200 });
      }
      expect(hits).toEqual(['/1', '/2', '/3']);
      expect(new Set(clientPorts).size).toBe(1);
      expect(await postEvent(`http://localhost:${port()}/4`, '{}', {}, strict, agents)).toMatchObject({ retryable: false });
      expect(hits).toHaveLength(3);
    } finally {
      agents.destroy();
    }
  });
});
