import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { OrderQueries, TRACKING_TOKEN_PATTERN, type TrackedOrder } from '#contracts';
import { PROBLEM_CONTENT_TYPE, ProblemException, ProblemTypes } from '#http';
import type { OrdersClient } from '../orders/orders-client.port.js';

/**
 * One answer for every link that shows nothing: unknown, malformed or expired. Its instance leaves
 * the token out, so it does not even echo it, and it is byte for byte the same for all three.
 */
const NOT_FOUND = new ProblemException({
  status: 404,
  type: ProblemTypes.notFound,
  detail: 'No order is tracked by this token: it is not one of ours, or its order ended a while ago.',
}).toDocument('/v1/track');
const NOT_FOUND_BODY = JSON.stringify(NOT_FOUND);

/** Tracking answers hold a secret URL's content: kept out of caches, and the URL out of Referer headers. */
export function trackingHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Robots-Tag', 'noindex');
}

export function sendTrackingNotFound(res: Response): void {
  trackingHeaders(res);
  res.status(404).type(PROBLEM_CONTENT_TYPE).send(NOT_FOUND_BODY);
}

/** The hex SHA-256 of a well-formed token: what the orders service finds the order by. */
export function tokenDigestOf(token: string): string | undefined {
  return TRACKING_TOKEN_PATTERN.test(token) ? createHash('sha256').update(token).digest('hex') : undefined;
}

/**
 * The order a link shows, or null. A malformed token answers at once: its shape is public, so the
 * time it saves says nothing about any order; unknown and expired tokens take the same lookup.
 */
export async function trackedOrder(orders: OrdersClient, digest: string | undefined): Promise<TrackedOrder | null> {
  return digest === undefined ? null : orders.query(OrderQueries.track, { tokenDigest: digest });
}

/**
 * A token whose percent-encoding does not decode would be a 400 of the router before the route
 * sees it: a malformed token, so the same 404 as every other.
 */
export function undecodableTrackingTokens(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith('/v1/track/')) return next();
  try {
    decodeURIComponent(req.path);
  } catch {
    return sendTrackingNotFound(res);
  }
  next();
}
