/**
 * Which failures of a consumed message can heal by waiting and which never will.
 *
 * - `permanent`: the message itself is wrong. A payload that fails validation, or PostgreSQL
 *   class 22 (data exception) and 23 (integrity constraint violation) left over once the
 *   services have turned the expected ones (a duplicate payment reference, say) into domain
 *   outcomes. Dead-lettered at once.
 * - `unavailable`: a dependency is down (connection refused or lost, server shutting down,
 *   out of connections). Retried for as long as it takes: the message is fine.
 * - `transient`: anything else, serialization failures (40001) and deadlocks (40P01) among them.
 *   Retried with backoff, then dead-lettered.
 */
export type FailureClass = 'permanent' | 'unavailable' | 'transient';

/** An error that retrying cannot fix, such as a malformed message: dead-letter it at once. */
export class PermanentMessageError extends Error {}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
/** What node-postgres says, without a SQLSTATE, when it loses or cannot get a connection. */
const LOST_CONNECTION =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|not currently accepting connections|Connection is closed/i;

export function failureClassOf(error: unknown): FailureClass {
  if (error instanceof PermanentMessageError) return 'permanent';
  const code = codeOf(error);
  if (code && NETWORK_CODES.has(code)) return 'unavailable';
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    const sqlClass = code.slice(0, 2);
    if (sqlClass === '22' || sqlClass === '23') return 'permanent';
    // 08 connection exception, 53 insufficient resources, 57P0x shutting down or not yet up.
    if (sqlClass === '08' || sqlClass === '53' || code.startsWith('57P')) return 'unavailable';
  }
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) return 'unavailable';
  return 'transient';
}

/** TypeORM copies the driver error's fields onto QueryFailedError and keeps it as `driverError`. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}
