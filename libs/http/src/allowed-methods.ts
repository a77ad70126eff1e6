import type { Request } from 'express';
import { METHODS } from 'node:http';

/** What Express 5's router keeps per registered route (`app.router.stack`). */
interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

const isMiddleware = (methods: Record<string, boolean | undefined>): boolean =>
  // `_all`, or every method by name (how Nest mounts `forRoutes('*')` middleware): no resource of its own.
  Boolean(methods._all) || METHODS.every((m) => methods[m.toLowerCase()]);

const parameterCount = (route: { path: string }): number => (route.path.match(/[:*]/g) ?? []).length;

/** The router's own matching; a parameter that does not percent-decode still means the path's shape matched. */
function matches(layer: RouteLayer, path: string): boolean {
  try {
    return layer.match(path);
  } catch {
    return true;
  }
}

/**
 * The methods the app's registered routes answer on the request's path, read from the router
 * that dispatched it, so the list cannot drift from the routes. `GET` brings `HEAD` (Express
 * answers it with the same handler) and `OPTIONS` is answered on every route (`answerOptions`).
 * Empty when no route matches the path at all: a 404, not a 405.
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const path = (req.originalUrl ?? req.url).split('?')[0] || '/';
  const routes = stack.flatMap((layer) =>
    layer.route && !isMiddleware(layer.route.methods) && matches(layer, path) ? [layer.route] : [],
  );
  // A literal segment names a resource of its own: /v1/orders/export is not the order of id "export",
  // so the routes with the fewest parameters among those that match are the path's.
  const fewest = Math.min(...routes.map(parameterCount));
  const methods = new Set<string>();
  for (const route of routes.filter((r) => parameterCount(r) === fewest)) {
    for (const [method, on] of Object.entries(route.methods)) if (on) methods.add(method.toUpperCase());
  }
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}
