import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { hostOf, type OutboundPolicy, PrivateAddressError, resolvePublic, urlProblem } from '#http';
import type { HttpResult } from './retry-policy.js';

const SNIPPET_BYTES = 200;

export interface PostOptions extends OutboundPolicy {
  timeoutMs: number;
}

/**
 * One POST of an event. The host is resolved and checked here, on every attempt, and the
 * connection goes to one of exactly those addresses (the request's `lookup` answers with them),
 * so a DNS answer that changes in between cannot reach a private address. Redirects are not
 * followed: node:http never does. The timeout covers everything up to the answer's status line.
 */
export async function postEvent(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<HttpResult> {
  const refused = urlProblem(rawUrl, options);
  if (refused) return { error: refused, retryable: false };
  const url = new URL(rawUrl);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await resolvePublic(hostOf(url), options);
  } catch (error) {
    if (error instanceof PrivateAddressError) return { error: error.message, retryable: false };
    return { error: `DNS: ${(error as Error).message}`, retryable: true };
  }
  const lookup: LookupFunction = (_host, opts, callback) => {
    if (opts.all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<HttpResult>((resolve) => {
    const request = transport.request(url, {
      method: 'POST',
      agent: false,
      lookup,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message, retryable: true });
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      const statusCode = response.statusCode ?? 0;
      const retryAfter = response.headers['retry-after'];
      if (statusCode >= 200 && statusCode < 300) {
        response.resume();
        resolve({ statusCode });
        return;
      }
      // A little of a refusal's body tells the admin why; the rest is not waited for.
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const snippet = Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_BYTES).replace(/\s+/g, ' ').trim();
        resolve({ statusCode, retryAfter, ...(snippet ? { snippet } : {}) });
        response.destroy();
      };
      const cut = setTimeout(done, 1_000);
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= SNIPPET_BYTES) {
          clearTimeout(cut);
          done();
        }
      });
      response.on('end', () => {
        clearTimeout(cut);
        done();
      });
      response.on('error', () => {
        clearTimeout(cut);
        done();
      });
    });
    request.end(body);
  });
}
