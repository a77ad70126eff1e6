import type { OpenAPIObject } from '@nestjs/swagger';

const CSV = 'text/csv';

/**
 * Every documented operation that answers no CSV can answer 406 to `Accept: text/csv`
 * (CsvNegotiationInterceptor runs on every route): documented once here, with the problem
 * schema the operation's other problems use, rather than by a decorator on each route.
 */
export function documentNotAcceptable(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      if (!operation) continue;
      const responses = Object.values(operation.responses) as { content?: Record<string, { schema?: unknown }> }[];
      if (responses.some((r) => r.content?.[CSV]) || operation.responses['406']) continue;
      const problem = responses.map((r) => r.content?.['application/problem+json']).find((c) => c !== undefined);
      if (!problem) continue;
      operation.responses['406'] = {
        description: '`Accept: text/csv` on a route that answers JSON only.',
        content: { 'application/problem+json': { schema: problem.schema as object } },
      };
    }
  }
}
