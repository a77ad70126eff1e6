import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type OutboundPolicy, PrivateAddressError, resolvePublic, urlProblem } from '#http';
import type { EndpointAgents } from './endpoint-agents.js';
import type { HttpResult } from './retry-policy.js';

const SNIPPET_BYTES = 200;

export interface PostOptions extends OutboundPolicy {
  timeoutMs: number;
}

/**
 * One POST of an event. Every connection it opens goes through `lookup`, which resolves the host,
 * refuses it if any of its addresses is private, and hands the connection exactly the addresses it
 * checked, so a DNS answer that changes in between cannot reach a private address; a literal
 * address is checked by `urlProblem`. With `agents` the connection is kept alive for the endpoint's
 * next deliveries (checked when it was opened); without, it is closed after this one. Redirects are
 * not followed: node:http never does. The timeout covers everything up to the answer's status line.
 */
export function postEvent(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
  agents?: EndpointAgents,
): Promise<HttpResult> {
  const refused = urlProblem(rawUrl, options);
  if (refused) return Promise.resolve({ error: refused, retryable: false });
  const url = new URL(rawUrl);
  const lookup: LookupFunction = (host, opts, callback) => {
    resolvePublic(host, options).then(
      (addresses) => {
        if (opts.all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => callback(error instanceof PrivateAddressError ? error : new Error(`DNS: ${error.message}`), ''),
    );
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<HttpResult>((resolve) => {
    const request = transport.request(url, {
      method: 'POST',
      agent: agents?.agentFor(url) ?? false,
      lookup,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      resolve({ error: error.message, retryable: !(error instanceof PrivateAddressError) });
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
