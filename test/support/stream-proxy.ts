import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StreamRequest {
  url: string;
  authorization: string | undefined;
  lastEventId: string | undefined;
}

/**
 * A pass-through proxy in front of the gateway that a test can break on purpose: cut the open
 * event streams, refuse new ones, or drop every connection as if the gateway were unreachable.
 * It records each stream request and the last event id it passed on, to check what a client
 * resumes from.
 */
export class StreamProxy {
  readonly streamRequests: StreamRequest[] = [];
  /** The last `id:` each open stream passed to the browser. */
  lastEventIdSent: string | undefined;
  /** Every connection is dropped at once. */
  down = false;
  /** New stream requests are dropped; other requests pass. */
  streamsDown = false;
  /** Replaces the Last-Event-ID of the next stream request, to stand for an id the gateway no longer holds. */
  forgetOnResume: string | undefined;
  private readonly open = new Set<ServerResponse>();

  private constructor(
    private readonly target: URL,
    private readonly server: ReturnType<typeof createServer>,
  ) {}

  static async start(gatewayUrl: string): Promise<StreamProxy> {
    const server = createServer();
    const proxy = new StreamProxy(new URL(gatewayUrl), server);
    server.on('request', (req, res) => {
      const isStream = req.url?.startsWith('/v1/stream') ?? false;
      if (proxy.down || (isStream && proxy.streamsDown)) {
        req.socket.destroy();
        return;
      }
      const headers = { ...req.headers };
      if (isStream) {
        if (proxy.forgetOnResume && headers['last-event-id']) {
          headers['last-event-id'] = proxy.forgetOnResume;
          proxy.forgetOnResume = undefined;
        }
        proxy.streamRequests.push({
          url: req.url ?? '',
          authorization: req.headers.authorization,
          lastEventId: req.headers['last-event-id'] as string | undefined,
        });
      }
      const upstream = request(
        { host: proxy.target.hostname, port: proxy.target.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if (isStream) {
            let partial = '';
            answer.setEncoding('utf8');
            answer.on('data', (chunk: string) => {
              const lines = (partial + chunk).split('\n');
              partial = lines.pop() ?? '';
              for (const line of lines) if (line.startsWith('id: ')) proxy.lastEventIdSent = line.slice(4);
            });
          }
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      if (isStream) {
        proxy.open.add(res);
        res.on('close', () => {
          proxy.open.delete(res);
          upstream.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get openStreams(): number {
    return this.open.size;
  }

  /** Cuts every open event stream, as a dropped Wi-Fi or a restarted gateway would. */
  dropStreams(): void {
    for (const res of this.open) res.socket?.destroy();
  }

  async stop(): Promise<void> {
    this.dropStreams();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
