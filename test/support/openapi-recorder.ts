import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

interface Recorded {
  method: string;
  route: string;
  status: number;
  contentType: string;
  body: unknown;
}

type OpenApi = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components?: { schemas?: Record<string, object> };
};

/**
 * Records every response the gateway sends during a test run, so each one can be checked
 * against the OpenAPI document the gateway itself serves: an undocumented status or a body
 * that does not match its documented schema is a contract violation. The document is used as
 * published (OpenAPI 3.1, whose schemas are JSON Schema 2020-12): each body is validated against
 * a JSON pointer into it, so its own `$ref`s resolve within it, untouched.
 */
export class OpenApiRecorder {
  readonly responses: Recorded[] = [];

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const send = res.send.bind(res);
    let body: unknown;
    res.send = (chunk?: unknown) => {
      body = chunk;
      return send(chunk);
    };
    res.once('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const contentType = String(res.getHeader('content-type') ?? '');
      // `*` in the path: only middleware took the request (no route of the API matched: 404, 405).
      // Static pages and their assets are not API operations.
      const page = /^\/(docs|assets|kitchen|dashboard|webhooks|track)(?=[/?]|$)/.test(req.originalUrl);
      if (!route || route.includes('*') || page || contentType.startsWith('text/event-stream')) return;
      this.responses.push({
        method: req.method.toLowerCase(),
        route: `${req.baseUrl}${route}`.replace(/:(\w+)/g, '{$1}'),
        status: res.statusCode,
        contentType: contentType.split(';')[0],
        body: typeof body === 'string' && contentType.includes('json') ? safeJson(body) : body,
      });
    });
    next();
  };

  violations(document: OpenApi): string[] {
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, validateSchema: false }));
    ajv.addSchema(document as object, DOCUMENT_ID);
    const problems = new Set<string>();
    // Ajv honours OpenAPI 3.0's `nullable` wherever it stands; JSON Schema 2020-12, which 3.1 uses, has no such keyword.
    if (JSON.stringify(document).includes('"nullable":'))
      problems.add('the document uses `nullable`, which OpenAPI 3.1 does not have');
    // Compiling a schema costs far more than validating with it: once per documented response.
    const validators = new Map<string, ReturnType<Ajv2020['compile']> | Error>();
    for (const r of this.responses) {
      const where = `${r.method.toUpperCase()} ${r.route} ${r.status}`;
      const operation = document.paths[r.route]?.[r.method];
      if (!operation) {
        if (!r.route.startsWith('/health') && r.route !== '/metrics') problems.add(`${where}: route not in the OpenAPI document`);
        continue;
      }
      const response = operation.responses[String(r.status)] ?? operation.responses.default;
      if (!response) {
        problems.add(`${where}: status not documented`);
        continue;
      }
      const schema = response.content?.[r.contentType]?.schema;
      // A streamed body (res.write, as the orders export writes) is not captured: its status and type are still checked.
      if (!schema || r.status === 304 || r.body === undefined) continue;
      const status = operation.responses[String(r.status)] ? String(r.status) : 'default';
      const ref = pointer('paths', r.route, r.method, 'responses', status, 'content', r.contentType, 'schema');
      if (!validators.has(ref)) validators.set(ref, compile(ajv, ref));
      const validate = validators.get(ref)!;
      if (validate instanceof Error) {
        problems.add(`${where}: the documented schema is not valid JSON Schema (${validate.message})`);
        continue;
      }
      if (!validate(r.body)) {
        const first = validate.errors?.[0];
        problems.add(`${where}: body does not match (${first?.instancePath || '/'} ${first?.message ?? ''})`);
      }
    }
    return [...problems];
  }
}

function compile(ajv: Ajv2020, $ref: string): ReturnType<Ajv2020['compile']> | Error {
  try {
    return ajv.compile({ $ref });
  } catch (error) {
    return error as Error;
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const DOCUMENT_ID = 'https://openapi.invalid/orders-api.json';

/** A URI reference to a node of the document, each token escaped as RFC 6901 and RFC 3986 ask. */
const pointer = (...tokens: string[]): string =>
  `${DOCUMENT_ID}#/${tokens.map((t) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;
