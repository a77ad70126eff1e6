import type { BrandScope } from './analytics.js';
import type {
  AvailabilityInput,
  BrandAvailabilityState,
  BrandAvailabilityView,
  ItemAvailabilityInput,
} from './brand-availability.js';
import type { Caller, Idempotent, Result } from './messages.js';

/* Messages between the gateway and the orders service, which owns availability. */

export const AvailabilityCommands = {
  set: 'availability.set',
  setItem: 'availability.set-item',
} as const;

export const AvailabilityQueries = {
  get: 'availability.get',
  all: 'availability.all',
} as const;

export interface SetAvailabilityCommand extends AvailabilityInput, Idempotent {
  brandId: string;
  caller: Caller;
  correlationId: string;
}

export interface SetItemAvailabilityCommand extends ItemAvailabilityInput, Idempotent {
  brandId: string;
  plu: string;
  caller: Caller;
  correlationId: string;
}

export interface GetAvailabilityQuery extends BrandScope {
  brandId: string;
}

/** The view a client sees, and the state with its sequence, which the gateway's intake check keeps. */
export interface AvailabilityReply {
  view: BrandAvailabilityView;
  state: BrandAvailabilityState;
}

export interface AvailabilityMessageMap {
  [AvailabilityCommands.set]: { payload: SetAvailabilityCommand; result: Result<AvailabilityReply> };
  [AvailabilityCommands.setItem]: { payload: SetItemAvailabilityCommand; result: Result<AvailabilityReply> };
  [AvailabilityQueries.get]: { payload: GetAvailabilityQuery; result: Result<AvailabilityReply> };
  /** Every brand ever configured, for a gateway (re)starting its intake check. */
  [AvailabilityQueries.all]: { payload: Record<string, never>; result: BrandAvailabilityState[] };
}
