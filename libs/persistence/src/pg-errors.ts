/** PostgreSQL SQLSTATE codes the services react to; anything else is an infrastructure failure. */
export const PG_UNIQUE_VIOLATION = '23505';

/** TypeORM copies the driver error's fields onto QueryFailedError, so both shapes carry `code`. */
export function isUniqueViolation(
  error: unknown,
  constraint?: string,
): error is { code: string; constraint?: string; detail?: string } {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === PG_UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}
