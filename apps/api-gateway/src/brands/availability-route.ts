import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  type AvailabilityReply,
  type BrandAvailabilityView,
  type ChangeAccepted,
  type IntakeRefusal,
  isStorableText,
  type Result,
} from '#contracts';
import { ProblemException, ProblemSchema, ProblemTypes } from '#http';
import { assertBrandInScope } from '../auth/brand-scope.js';
import type { AuthenticatedCaller } from '../auth/caller.js';
import { unwrap } from '../orders/domain-error.problem.js';
import { acceptedChange, type CommandReply } from '../orders/changed-order.js';
import type { Response } from 'express';
import type { AvailabilityCache } from './availability-cache.js';

/** The 409s of intake for an unavailable brand or item. */
export class AvailabilityProblemSchema extends ProblemSchema {
  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description: '`store-paused`: when the brand takes orders again; null when it was paused until further notice.',
  })
  until?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['CAT1-0001'],
    description: '`items-unavailable`: the snoozed PLUs the order holds.',
  })
  plus?: string[];
}

/** The `{brandId}` of a path, as create takes it (1–128 storable characters); a brand-scoped key's own brands only (403). */
export function brandParam(caller: AuthenticatedCaller, brandId: string): string {
  if (brandId.length === 0 || brandId.length > 128 || !isStorableText(brandId)) {
    throw ProblemException.validation([{ field: 'brandId', message: 'brandId must be 1 to 128 characters of storable text' }]);
  }
  assertBrandInScope(caller, brandId);
  return brandId;
}

/** The availability a change answered (a 202 when queued but not answered in time); it also updates this gateway's cache at once, so intake here follows it from now on. */
export function changedAvailability(
  reply: CommandReply<Result<AvailabilityReply>>,
  cache: AvailabilityCache,
  res: Response,
  brandId: string,
): BrandAvailabilityView | ChangeAccepted {
  if (!reply.answered) return acceptedChange(res, brandId, `/v1/brands/${encodeURIComponent(brandId)}/availability`);
  const { view, state } = unwrap(reply.result);
  cache.offer(state);
  return view;
}

/** The 409 problem of CONTRACT section 7 for an order intake refuses. */
export function intakeRefusalProblem(brandId: string, refusal: IntakeRefusal): ProblemException {
  if (refusal.kind === 'store_paused') {
    return new ProblemException({
      status: 409,
      type: ProblemTypes.storePaused,
      title: 'Brand paused',
      detail: `Brand ${brandId} is paused and takes no orders ${refusal.until ? `until ${refusal.until}` : 'until further notice'}.`,
      extensions: { until: refusal.until },
    });
  }
  return new ProblemException({
    status: 409,
    type: ProblemTypes.itemsUnavailable,
    title: 'Items unavailable',
    detail: `Brand ${brandId} cannot take these items now: ${refusal.plus.join(', ')}.`,
    extensions: { plus: refusal.plus },
  });
}
