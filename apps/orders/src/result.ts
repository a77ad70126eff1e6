import type { DomainError, Result } from '#contracts';

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: DomainError): Result<T> => ({ ok: false, error });

export const notFound = <T = never>(orderId: string): Result<T> =>
  fail({ code: 'not_found', detail: `Order ${orderId} does not exist.` });
