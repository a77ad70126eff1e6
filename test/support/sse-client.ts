import http from 'node:http';
import { eventually } from './wait.js';

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

/** A raw SSE reader over node:http, so the test sees the exact frames a proxy or EventSource would. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  private buffer = '';
  private constructor(
    private readonly req: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.read(chunk));
  }

  static open(url: string, headers: Record<string, string>): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) =>
        resolve(new SseClient(req, res)),
      );
      req.on('error', reject);
    });
  }

  /** Frames that carry an event (an `id:`), parsed. */
  events(): { id: string; event: string; data: any }[] {
    return this.frames.filter((f) => f.id !== undefined).map((f) => ({ id: f.id!, event: f.event!, data: JSON.parse(f.data!) }));
  }

  async waitFor<T>(check: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
    const found = () => check() || false;
    return eventually(found, () => `${what}; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`, ms) as Promise<T>;
  }

  close(): void {
    this.req.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: SseFrame = { comments: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comments.push(line.slice(1).trim());
        else {
          const at = line.indexOf(':');
          const field = line.slice(0, at) as 'id' | 'event' | 'data' | 'retry';
          const value = line.slice(at + 1).replace(/^ /, '');
          frame[field] = field === 'data' && frame.data !== undefined ? `${frame.data}\n${value}` : value;
        }
      }
      this.frames.push(frame);
    }
  }
}

/** Reads a whole non-stream response (problem documents). */
export function getJson(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      })
      .on('error', reject);
  });
}
