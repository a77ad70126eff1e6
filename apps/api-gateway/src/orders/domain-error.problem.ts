import type { DomainError, Result } from '#contracts';
import { ProblemException, ProblemTypes } from '#http';

/** The one place where the orders service's refusals become problem documents. */
export function problemForDomainError(error: DomainError): ProblemException {
  switch (error.code) {
    case 'not_found':
      return new ProblemException({ status: 404, type: ProblemTypes.notFound, detail: error.detail || 'No such order.' });
    case 'illegal_transition':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.illegalTransition,
        title: 'Transition not allowed',
        detail: error.detail || `${error.from} cannot go to ${error.to}.`,
        extensions: { from: error.from, to: error.to, allowed: [...error.allowed] },
      });
    case 'version_mismatch':
      return new ProblemException({
        status: 412,
        type: ProblemTypes.versionMismatch,
        title: 'Stale version',
        detail: error.detail || `The order is at version ${error.currentVersion}.`,
        extensions: { currentVersion: error.currentVersion },
        headers: { ETag: `"${error.currentVersion}"` },
      });
    case 'duplicate_payment':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.duplicatePayment,
        title: 'Payment reference already used',
        detail: error.detail || `Payment reference ${error.reference} belongs to another order.`,
        extensions: { reference: error.reference },
      });
    case 'idempotency_conflict':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.idempotencyConflict,
        title: 'Idempotency-Key reused with a different body',
        detail: error.detail || 'This Idempotency-Key was used with a different request body.',
      });
    case 'invalid_time':
      return ProblemException.validation(
        [{ field: error.field, message: error.detail || `${error.field} is not a valid time for this order` }],
        error.detail || undefined,
      );
    case 'invalid_input':
    case 'limit_exceeded':
      return ProblemException.validation([{ field: error.field, message: error.detail }], error.detail);
    case 'invalid_cursor':
      return ProblemException.validation(
        [{ field: 'cursor', message: error.detail || 'cursor is not valid' }],
        error.detail || 'The cursor is not valid; start again without it.',
      );
    case 'order_not_open':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.orderNotOpen,
        title: 'Order no longer takes items',
        detail: error.detail || `Items can be added only while the order is PLACED; it is ${error.status}.`,
        extensions: { status: error.status },
      });
    case 'promise_not_open':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.promiseNotOpen,
        title: 'Promised time can no longer move',
        detail: error.detail || `The promised ready time moves only while ACCEPTED or PREPARING; the order is ${error.status}.`,
        // `status` is the problem's own HTTP status.
        extensions: { orderStatus: error.status },
      });
    case 'item_mismatch':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.itemMismatch,
        title: 'Line does not match the order’s line of the same plu',
        detail: error.detail || `Item ${error.plu} differs from the line already on the order.`,
        extensions: { plu: error.plu },
      });
    case 'item_not_open':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.itemNotOpen,
        title: 'Item no longer changes',
        detail: error.detail || `Item ${error.plu} is ${error.status}; only a QUEUED item changes quantity or is removed.`,
        extensions: {
          plu: error.plu,
          itemStatus: error.status,
          errors: [{ field: 'plu', message: `item ${error.plu} is ${error.status}, no longer QUEUED` }],
        },
      });
    case 'refund_not_possible':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.refundNotPossible,
        title: 'Refund beyond what is left',
        detail: error.detail || 'The order has not that much left to refund.',
        extensions: { errors: [{ field: error.field, message: error.detail }] },
      });
    case 'refund_not_pending':
      return new ProblemException({
        status: 409,
        type: ProblemTypes.refundNotPending,
        title: 'Refund already settled',
        detail: error.detail || `The refund is ${error.status}; only PENDING refunds can change.`,
        extensions: { status: error.status },
      });
    default: {
      const unknown: never = error;
      throw new Error(`unmapped domain error ${JSON.stringify(unknown)}`);
    }
  }
}

/** The value of an ok result; a problem for a refusal. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw problemForDomainError(result.error);
}
