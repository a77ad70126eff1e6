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
 * Whether the app serves `method` of the route registered as `routePath` to this request, where some
 * routes answer on one listener only (the gateway's ADMIN_PORT); kept in `app.locals.routeServed`.
 */
export type RouteServed = (req: Request, method: string, routePath: string) => boolean;

/** Every route answers every request unless the app says otherwise with `app.locals.routeServed`. */
function servedBy(req: Request): RouteServed | undefined {
  return (req.app as unknown as { locals?: { routeServed?: RouteServed } }).locals?.routeServed;
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
  const served = servedBy(req);
  const routes = stack.flatMap((layer) => {
    if (!layer.route || isMiddleware(layer.route.methods) || !matches(layer, path)) return [];
    const { path: routePath } = layer.route;
    const on = Object.entries(layer.route.methods)
      .filter(([method, enabled]) => enabled && (!served || served(req, method.toUpperCase(), routePath)))
      .map(([method]) => method.toUpperCase());
    return on.length ? [{ path: routePath, methods: on }] : [];
  });
  // A literal segment names a resource of its own: /v1/orders/export is not the order of id "export",
  // so the routes with the fewest parameters among those that match are the path's.
  const fewest = Math.min(...routes.map(parameterCount));
  const methods = new Set<string>();
  for (const route of routes.filter((r) => parameterCount(r) === fewest)) for (const m of route.methods) methods.add(m);
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}
