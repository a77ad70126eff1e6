import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

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
 * that does not match its documented schema is a contract violation.
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
      // Static pages and their assets are not API operations.
      if (!route || contentType.startsWith('text/event-stream') || /^\/(docs|assets|kitchen|dashboard)/.test(req.originalUrl))
        return;
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
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
    ajv.addSchema(rewriteRefs({ $id: 'openapi', components: document.components ?? {} }));
    const problems = new Set<string>();
    // Compiling a schema costs far more than validating with it: once per documented response.
    const validators = new Map<object, ReturnType<Ajv['compile']>>();
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
      if (!schema || r.status === 304) continue;
      const validate = validators.get(schema) ?? ajv.compile(rewriteRefs(schema));
      validators.set(schema, validate);
      if (!validate(r.body)) {
        const first = validate.errors?.[0];
        problems.add(`${where}: body does not match (${first?.instancePath || '/'} ${first?.message ?? ''})`);
      }
    }
    return [...problems];
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** OpenAPI refs point into the whole document; here they point into the schema added as `openapi`. */
function rewriteRefs<T>(schema: T): T {
  return nullableToAnyOf(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'))) as T;
}

/**
 * OpenAPI 3.0 `nullable: true` beside `allOf`/`$ref` (how Swagger writes a nullable object) is
 * not honoured by Ajv, which only relaxes a bare `type`: spell it out as "null, or the schema".
 */
function nullableToAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToAnyOf);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableToAnyOf(v)])) as Record<
    string,
    unknown
  >;
  return nullable === true ? { anyOf: [{ type: 'null' }, rest] } : nullable === undefined ? rest : { ...rest, nullable };
}
