import { randomUUID } from 'node:crypto';
import {
  type CallerScope,
  type CreatedWebhookView,
  type CreateWebhookRequest,
  type DeliveryView,
  type ListDeliveriesRequest,
  type ReplayRequest,
  type RetryDeliveryRequest,
  type RotatedSecretView,
  type UpdateWebhookRequest,
  type WebhookFailure,
  type WebhookRef,
  type WebhookReply,
  type WebhookSubscriptionView,
} from '#contracts';
import type { DeliveryRepository } from '../persistence/delivery.repository.js';
import type { EventStoreRepository } from '../persistence/event-store.repository.js';
import { type NewSubscription, type SubscriptionRepository, subscriptionView } from '../persistence/subscription.repository.js';
import { newSigningSecret, type SecretBox } from '../secrets/secret-box.js';

/** How long a rotated-out secret keeps signing beside the new one (CONTRACT section 9). */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

/** What the gateway's webhook routes ask for, answered with a view or a refusal it maps to a problem. */
export interface WebhookAdminPort {
  create(r: CreateWebhookRequest): Promise<WebhookReply<CreatedWebhookView>>;
  list(r: CallerScope): Promise<WebhookReply<{ items: WebhookSubscriptionView[] }>>;
  get(r: WebhookRef): Promise<WebhookReply<WebhookSubscriptionView>>;
  update(r: UpdateWebhookRequest): Promise<WebhookReply<WebhookSubscriptionView>>;
  remove(r: WebhookRef): Promise<WebhookReply<null>>;
  rotateSecret(r: WebhookRef): Promise<WebhookReply<RotatedSecretView>>;
  listDeliveries(r: ListDeliveriesRequest): Promise<WebhookReply<{ items: DeliveryView[]; nextCursor: string | null }>>;
  retryDelivery(r: RetryDeliveryRequest): Promise<WebhookReply<DeliveryView>>;
  replay(r: ReplayRequest): Promise<WebhookReply<{ deliveries: number }>>;
}

export const WEBHOOK_ADMIN = Symbol('WEBHOOK_ADMIN');

const scopeOf = (r: CallerScope): string[] | null => r.callerBrands ?? null;
const notFound = (id: string): WebhookFailure => ({ error: 'not-found', detail: `No webhook subscription ${id}.` });
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const encodeCursor = (position: string) => Buffer.from(`d:${position}`).toString('base64url');
const decodeCursor = (cursor: string): string | undefined =>
  /^d:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString())?.[1];

export class WebhookAdmin implements WebhookAdminPort {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly events: Pick<EventStoreRepository, 'replay'>,
    private readonly box: SecretBox,
    /** Called when there may be new work: a retried delivery or a replay. */
    private readonly wake: () => void,
  ) {}

  async create(r: CreateWebhookRequest): Promise<WebhookReply<CreatedWebhookView>> {
    const id = r.id ?? randomUUID();
    const secret = newSigningSecret();
    const wanted = {
      id,
      url: r.url,
      types: r.types,
      // A brand-scoped key naming no brands subscribes to its own, never to every brand.
      brandIds: r.brandIds?.length ? r.brandIds : (r.callerBrands ?? []),
      description: r.description ?? null,
    };
    const row = await this.subscriptions.insert({ ...wanted, sealedSecret: this.box.seal(secret, id) });
    if (row) return { ok: { ...subscriptionView(row), secret } };
    return this.createdBefore(wanted);
  }

  /**
   * The id the gateway minted is taken: the same create delivered again (its first answer lost, or a
   * keyed create retried after its key was pruned). The same request gets the subscription it made,
   * with its secret; anything else is refused, never a second subscription.
   */
  private async createdBefore(wanted: Omit<NewSubscription, 'sealedSecret'>): Promise<WebhookReply<CreatedWebhookView>> {
    const taken = await this.subscriptions.withSecret(wanted.id);
    const same =
      taken !== undefined &&
      taken.url === wanted.url &&
      sameList(taken.types, wanted.types) &&
      sameList(taken.brand_ids, wanted.brandIds) &&
      taken.description === wanted.description;
    if (!same) return { error: 'conflict', detail: `Webhook subscription ${wanted.id} already exists with other settings.` };
    return { ok: { ...subscriptionView(taken), secret: this.box.open(taken.sealed_secret, taken.id) } };
  }

  async list(r: CallerScope) {
    return { ok: { items: (await this.subscriptions.list(scopeOf(r))).map(subscriptionView) } };
  }

  async get(r: WebhookRef) {
    const row = await this.subscriptions.get(r.id, scopeOf(r));
    return row ? { ok: subscriptionView(row) } : notFound(r.id);
  }

  async update(r: UpdateWebhookRequest) {
    const { id, callerBrands, ...change } = r;
    const row = await this.subscriptions.update(id, change, callerBrands ?? null);
    if (row && change.status === 'ENABLED') this.wake();
    return row ? { ok: subscriptionView(row) } : notFound(id);
  }

  async remove(r: WebhookRef) {
    return (await this.subscriptions.remove(r.id, scopeOf(r))) ? { ok: null } : notFound(r.id);
  }

  async rotateSecret(r: WebhookRef) {
    const secret = newSigningSecret();
    const until = await this.subscriptions.rotate(r.id, scopeOf(r), this.box.seal(secret, r.id), SECRET_OVERLAP_MS);
    return until ? { ok: { id: r.id, secret, previousSecretValidUntil: until.toISOString() } } : notFound(r.id);
  }

  async listDeliveries(r: ListDeliveriesRequest): Promise<WebhookReply<{ items: DeliveryView[]; nextCursor: string | null }>> {
    if (!(await this.subscriptions.get(r.id, scopeOf(r)))) return notFound(r.id);
    const before = r.cursor === undefined ? undefined : decodeCursor(r.cursor);
    if (r.cursor !== undefined && before === undefined)
      return { error: 'invalid-cursor', detail: 'cursor is not one this list gave out.' };
    const page = await this.deliveries.page({
      subscriptionId: r.id,
      status: r.status,
      orderId: r.orderId,
      limit: r.limit,
      before,
    });
    return { ok: { items: page.items, nextCursor: page.last === null ? null : encodeCursor(page.last) } };
  }

  async retryDelivery(r: RetryDeliveryRequest): Promise<WebhookReply<DeliveryView>> {
    if (!(await this.subscriptions.get(r.id, scopeOf(r)))) return notFound(r.id);
    const retried = await this.deliveries.retry(r.id, r.deliveryId);
    if (retried === undefined)
      return { error: 'not-found', detail: `No delivery ${r.deliveryId} of webhook subscription ${r.id}.` };
    if (retried === 'not-failed')
      return { error: 'conflict', detail: `Delivery ${r.deliveryId} is not FAILED; only a failed delivery is sent again.` };
    this.wake();
    return { ok: retried };
  }

  async replay(r: ReplayRequest) {
    if (!(await this.subscriptions.get(r.id, scopeOf(r)))) return notFound(r.id);
    const deliveries = await this.events.replay(r.id, r.from, r.to);
    this.wake();
    return { ok: { deliveries } };
  }
}
