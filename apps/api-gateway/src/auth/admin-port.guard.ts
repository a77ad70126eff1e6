import { type CanActivate, type ExecutionContext, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig, type ApiRole } from '#config';
import { ROLES_KEY } from './roles.decorator.js';

/** The roles of the routes that move to ADMIN_PORT: those no other role may call (`admin` may call every route). */
const ADMIN_ROLES: readonly ApiRole[] = ['admin', 'internal'];

/** Routes open without a key that belong on the admin port all the same. */
const ADMIN_PATHS = new Set(['/metrics']);

/** Whether this handler may be called only with admin or internal keys. */
export function isAdminHandler(reflector: Reflector, handler: Function, controller: Function): boolean {
  const required = reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_KEY, [handler, controller]);
  return required !== undefined && required.every((role) => ADMIN_ROLES.includes(role));
}

/** Whether the route of this handler may be called only with admin or internal keys (or is /metrics). */
export function isAdminRoute(reflector: Reflector, context: ExecutionContext, path: string): boolean {
  return ADMIN_PATHS.has(path) || isAdminHandler(reflector, context.getHandler(), context.getClass());
}

/**
 * With ADMIN_PORT set, the routes only admin and internal keys may call (rebuild, refunds, webhook
 * administration) and /metrics answer on that port only, and the admin port serves nothing else.
 * Elsewhere such a route is a 404 like a path that does not exist, before any key is looked at: the
 * public port does not even say it is there. Runs before the API-key guard.
 */
@Injectable()
export class AdminPortGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.config.adminPort === undefined || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const onAdminPort = req.socket.localPort === this.config.adminPort;
    if (onAdminPort === isAdminRoute(this.reflector, context, req.path)) return true;
    throw new NotFoundException(`Cannot ${req.method} ${req.path}`);
  }
}
