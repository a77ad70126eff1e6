import { Inject, Injectable, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, HttpAdapterHost, MetadataScanner, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '#config';
import type { RouteServed } from '#http';
import { isAdminHandler } from './admin-port.guard.js';

const joined = (...parts: (string | undefined)[]) =>
  `/${parts
    .flatMap((p) => (p ?? '').split('/'))
    .filter(Boolean)
    .join('/')}`;

/**
 * With ADMIN_PORT set, tells the router's method lists (`Allow` on 405 and OPTIONS, CORS preflights)
 * which routes each port serves, as the admin-port guard decides it for requests: the public port
 * neither answers nor lists a route that moved, and the admin port lists only those.
 */
@Injectable()
export class AdminRoutes implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const { adminPort } = this.config;
    if (adminPort === undefined) return;
    const adminRoutes = new Set(this.adminRouteKeys());
    const served: RouteServed = (req: Request, method, routePath) => {
      const admin = adminRoutes.has(`${method === 'HEAD' ? 'GET' : method} ${routePath}`) || routePath === '/metrics';
      return (req.socket.localPort === adminPort) === admin;
    };
    const app = this.adapterHost.httpAdapter.getInstance() as { locals: Record<string, unknown> };
    app.locals.routeServed = served;
  }

  /** `GET /v1/refunds`, `PATCH /v1/refunds/:id`…: every route of a handler only admin or internal keys may call. */
  private *adminRouteKeys(): Generator<string> {
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, (...args: unknown[]) => unknown>)[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined || !isAdminHandler(this.reflector, handler, metatype)) continue;
        const classPaths = [Reflect.getMetadata(PATH_METADATA, metatype) as string | string[] | undefined].flat();
        const handlerPaths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined].flat();
        for (const classPath of classPaths)
          for (const handlerPath of handlerPaths) yield `${RequestMethod[method]} ${joined(classPath, handlerPath)}`;
      }
    }
  }
}
