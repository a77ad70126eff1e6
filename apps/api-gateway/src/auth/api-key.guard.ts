import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type ApiKeyGrant, type AppConfig, type ApiRole } from '#config';
import { ProblemException, ProblemTypes } from '#http';
import { actorFor, attachCaller, bearerKey, grantsByDigest, sha256Hex } from './caller.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';

/**
 * Global guard: `Authorization: Bearer <key>` against `API_KEYS`. Missing or unknown key: 401 with
 * `WWW-Authenticate: Bearer`; known key without the route's role: 403; `admin` may do everything.
 * A brand-scoped key's brands go with the caller, for the routes to confine it (./brand-scope.ts).
 * Keys are looked up by their SHA-256, so the time a lookup takes says nothing about the keys.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly grantsByDigest: ReadonlyMap<string, ApiKeyGrant>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.grantsByDigest = grantsByDigest(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization;
    // Keys are taken from this header only, never from the URL: URLs end up in logs and proxies' histories.
    if (!header)
      throw unauthorized('Send your API key as "Authorization: Bearer <key>"; keys in the URL are not accepted.', false);
    const key = bearerKey(header);
    if (key === undefined) throw unauthorized('The Authorization header must be "Bearer <key>".', true);
    const grant = this.grantsByDigest.get(sha256Hex(key));
    if (!grant) throw unauthorized('The API key is not recognised.', true);
    const { role, brandIds } = grant;

    attachCaller(req, { role, actor: actorFor(role, key), ...(brandIds ? { brandIds } : {}) });

    const required = this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_KEY, targets);
    if (!required || role === 'admin' || required.includes(role)) return true;
    throw new ProblemException({
      status: 403,
      type: ProblemTypes.forbidden,
      detail: `This operation needs a key with one of the roles ${[...required, 'admin'].join(', ')}; this key has role ${role}.`,
    });
  }
}

function unauthorized(detail: string, invalidToken: boolean): ProblemException {
  return new ProblemException({
    status: 401,
    type: ProblemTypes.unauthorized,
    detail,
    headers: { 'WWW-Authenticate': invalidToken ? 'Bearer realm="orders", error="invalid_token"' : 'Bearer realm="orders"' },
  });
}
