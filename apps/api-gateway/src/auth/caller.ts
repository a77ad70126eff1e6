import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import type { ApiKeyGrant, ApiRole } from '#config';

/** Who is calling, as the guard found it. Never the key itself. */
export interface AuthenticatedCaller {
  role: ApiRole;
  /** `${role}:${first 8 hex digits of sha256(key)}`: recorded as the history entry's actor. */
  actor: string;
  /** Set for a brand-scoped key: the only brands it may see or act on. */
  brandIds?: readonly string[];
}

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

const BEARER = /^Bearer[ \t]+([!-~]+)[ \t]*$/i;

/** The key of an `Authorization: Bearer <key>` header; undefined for any other form. */
export const bearerKey = (header: string | undefined): string | undefined => (header ? BEARER.exec(header)?.[1] : undefined);

/** API_KEYS by the SHA-256 of each key, so that the time a lookup takes says nothing about the keys. */
export const grantsByDigest = (apiKeys: ReadonlyMap<string, ApiKeyGrant>): ReadonlyMap<string, ApiKeyGrant> =>
  new Map([...apiKeys].map(([key, grant]) => [sha256Hex(key), grant]));

export const actorFor = (role: ApiRole, key: string): string => `${role}:${sha256Hex(key).slice(0, 8)}`;

const CALLER = Symbol('caller');
type WithCaller = Request & { [CALLER]?: AuthenticatedCaller };

export function attachCaller(req: Request, caller: AuthenticatedCaller): void {
  (req as WithCaller)[CALLER] = caller;
}

export function callerOf(req: Request): AuthenticatedCaller | undefined {
  return (req as WithCaller)[CALLER];
}

/** Parameter decorator: the authenticated caller (`{ role, actor }`). */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedCaller => {
  const caller = callerOf(ctx.switchToHttp().getRequest<Request>());
  if (!caller) throw new Error('@CurrentCaller() used on a route the ApiKeyGuard did not authenticate (is it @Public()?)');
  return caller;
});

/** Roles that may send backfill timestamps (`placedAt`, `at`). */
export const BACKFILL_ROLES: readonly ApiRole[] = ['admin', 'internal'];
export const mayBackfill = (caller: AuthenticatedCaller): boolean => BACKFILL_ROLES.includes(caller.role);
