import type { DataSource } from 'typeorm';
import type { WebhookStatus, WebhookSubscriptionView } from '#contracts';
import type { Reader } from '#persistence';
import { statementsOf } from './statements.js';

export interface SubscriptionRow {
  id: string;
  url: string;
  types: string[];
  brand_ids: string[];
  description: string | null;
  status: WebhookStatus;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SealedSecrets {
  id: string;
  sealed_secret: string;
  sealed_previous_secret: string | null;
  previous_secret_until: Date | null;
}

export interface NewSubscription {
  id: string;
  url: string;
  types: string[];
  brandIds: string[];
  description: string | null;
  sealedSecret: string;
}

export interface SubscriptionChange {
  url?: string;
  types?: string[];
  brandIds?: string[];
  description?: string | null;
  status?: WebhookStatus;
}

const COLUMNS = 'id, url, types, brand_ids, description, status, disabled_reason, created_at, updated_at';

/** A brand-scoped key sees only subscriptions confined to its brands ($n null: every subscription). */
const inScope = (n: number) => `($${n}::text[] IS NULL OR (cardinality(brand_ids) > 0 AND brand_ids <@ $${n}::text[]))`;

export const subscriptionView = (row: SubscriptionRow): WebhookSubscriptionView => ({
  id: row.id,
  url: row.url,
  types: row.types,
  brandIds: row.brand_ids,
  description: row.description,
  status: row.status,
  disabledReason: row.disabled_reason,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Every statement on `webhooks.subscriptions`. */
export class SubscriptionRepository {
  private readonly reader: Reader;

  /** On pooled connections, one statement each; or on a transaction's connection (a keyed admin write). */
  constructor(source: DataSource | Reader) {
    this.reader = 'rows' in source ? source : statementsOf(source);
  }

  /** The new subscription, or `undefined` when its id is taken (a create delivered again). */
  async insert(s: NewSubscription): Promise<SubscriptionRow | undefined> {
    const [row] = await this.reader.rows<SubscriptionRow>(
      `INSERT INTO webhooks.subscriptions (id, url, types, brand_ids, description, status, sealed_secret)
       VALUES ($1, $2, $3, $4, $5, 'ENABLED', $6) ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [s.id, s.url, s.types, s.brandIds, s.description, s.sealedSecret],
    );
    return row;
  }

  /** A subscription with its current sealed secret, whatever its brands. */
  async withSecret(id: string): Promise<(SubscriptionRow & { sealed_secret: string }) | undefined> {
    const [row] = await this.reader.rows<SubscriptionRow & { sealed_secret: string }>(
      `SELECT ${COLUMNS}, sealed_secret FROM webhooks.subscriptions WHERE id = $1`,
      [id],
    );
    return row;
  }

  list(brandIds: string[] | null): Promise<SubscriptionRow[]> {
    return this.reader.rows<SubscriptionRow>(
      `SELECT ${COLUMNS} FROM webhooks.subscriptions WHERE ${inScope(1)} ORDER BY created_at, id`,
      [brandIds],
    );
  }

  async get(id: string, brandIds: string[] | null): Promise<SubscriptionRow | undefined> {
    const [row] = await this.reader.rows<SubscriptionRow>(
      `SELECT ${COLUMNS} FROM webhooks.subscriptions WHERE id = $1 AND ${inScope(2)}`,
      [id, brandIds],
    );
    return row;
  }

  async update(id: string, change: SubscriptionChange, brandIds: string[] | null): Promise<SubscriptionRow | undefined> {
    const [row] = await this.reader.rows<SubscriptionRow>(
      `UPDATE webhooks.subscriptions SET
         url = COALESCE($3, url),
         types = COALESCE($4, types),
         brand_ids = COALESCE($5, brand_ids),
         description = CASE WHEN $6 THEN $7 ELSE description END,
         status = COALESCE($8, status),
         disabled_reason = CASE WHEN $8 IS NULL THEN disabled_reason WHEN $8 = 'ENABLED' THEN NULL ELSE 'disabled by an admin' END,
         failing_since = CASE WHEN $8 = 'ENABLED' THEN NULL ELSE failing_since END,
         updated_at = now()
       WHERE id = $1 AND ${inScope(2)} RETURNING ${COLUMNS}`,
      [
        id,
        brandIds,
        change.url ?? null,
        change.types ?? null,
        change.brandIds ?? null,
        change.description !== undefined,
        change.description ?? null,
        change.status ?? null,
      ],
    );
    return row;
  }

  async remove(id: string, brandIds: string[] | null): Promise<boolean> {
    const [row] = await this.reader.rows<{ id: string }>(
      `DELETE FROM webhooks.subscriptions WHERE id = $1 AND ${inScope(2)} RETURNING id`,
      [id, brandIds],
    );
    return row !== undefined;
  }

  /** The new secret signs from now on; the one it replaces signs beside it until `overlapMs` from now. */
  async rotate(id: string, brandIds: string[] | null, sealedSecret: string, overlapMs: number): Promise<Date | undefined> {
    const [row] = await this.reader.rows<{ previous_secret_until: Date }>(
      `UPDATE webhooks.subscriptions SET
         sealed_previous_secret = sealed_secret, sealed_secret = $3,
         previous_secret_until = now() + $4 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND ${inScope(2)} RETURNING previous_secret_until`,
      [id, brandIds, sealedSecret, overlapMs],
    );
    return row?.previous_secret_until;
  }

  secretsOf(ids: string[]): Promise<SealedSecrets[]> {
    return this.reader.rows<SealedSecrets>(
      `SELECT id, sealed_secret, sealed_previous_secret, previous_secret_until FROM webhooks.subscriptions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  allSecrets(): Promise<SealedSecrets[]> {
    return this.reader.rows<SealedSecrets>(
      `SELECT id, sealed_secret, sealed_previous_secret, previous_secret_until FROM webhooks.subscriptions`,
    );
  }

  /** Seals again under the current key; a rotation in between (the sealed value changed) wins. */
  async reseal(row: SealedSecrets, sealedSecret: string, sealedPrevious: string | null): Promise<void> {
    await this.reader.rows(
      `UPDATE webhooks.subscriptions SET sealed_secret = $3, sealed_previous_secret = $4 WHERE id = $1 AND sealed_secret = $2`,
      [row.id, row.sealed_secret, sealedSecret, sealedPrevious],
    );
  }
}
