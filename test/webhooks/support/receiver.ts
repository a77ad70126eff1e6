import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: Record<string, string>;
  body: string;
  status: number;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

/** A webhook endpoint on loopback: records every request and answers what `answer` says (200 by default). */
export class Receiver {
  readonly received: Received[] = [];
  /** The most requests it held at once. */
  mostInFlight = 0;
  private inFlight = 0;
  answer: (body: string, nth: number) => Answer = () => ({ status: 200 });
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<Receiver> {
    const server = http.createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const answer = receiver.answer(body, receiver.received.length);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        receiver.received.push({ headers, body, status: answer === 'hang' ? 0 : answer.status });
        if (answer === 'hang') {
          receiver.hanging.add(res);
          return;
        }
        receiver.mostInFlight = Math.max(receiver.mostInFlight, ++receiver.inFlight);
        setTimeout(() => {
          receiver.inFlight--;
          res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The events received, parsed, in arrival order. */
  events(): { id: string; type: string; subject: string; sequence: number }[] {
    return this.received.map((r) => JSON.parse(r.body) as { id: string; type: string; subject: string; sequence: number });
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
