import { UUID_PATTERN } from '#contracts';

/** A position in the (created_at DESC, id DESC) order: the last row of the previous page. */
export interface OrderCursor {
  /** created_at to the microsecond, as PostgreSQL prints it in UTC. */
  createdAt: string;
  id: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString('base64url');
}

/** Null for anything this service did not hand out. */
export function decodeCursor(raw: string): OrderCursor | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(raw)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || !INSTANT.test(createdAt) || Number.isNaN(Date.parse(createdAt))) return null;
    if (typeof id !== 'string' || !UUID_PATTERN.test(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}
