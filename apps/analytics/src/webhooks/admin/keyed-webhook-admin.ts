import type {
  CallerScope,
  CreateWebhookRequest,
  KeyedRequest,
  ListDeliveriesRequest,
  ReplayRequest,
  RetryDeliveryRequest,
  UpdateWebhookRequest,
  WebhookRef,
  WebhookReply,
} from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import type { DataSource } from 'typeorm';
import { DeliveryRepository } from '../persistence/delivery.repository.js';
import type { EventStoreRepository } from '../persistence/event-store.repository.js';
import { findRequestKey, insertRequestKey, lockRequestKey } from '../persistence/request-key.repository.js';
import { SubscriptionRepository } from '../persistence/subscription.repository.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { WebhookAdmin, type WebhookAdminPort } from './webhook-admin.js';

/**
 * The admin routes with their Idempotency-Keys (CONTRACT section 3): a keyed write runs in one
 * transaction with its key, its answer kept there (sealed, since a create's or a rotation's answer
 * holds a signing secret), and a retry with the same key and request gets that answer again: one
 * subscription, one rotation, one replay. Reads, and writes without a key, go straight through.
 */
export class KeyedWebhookAdmin implements WebhookAdminPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plain: WebhookAdmin,
    private readonly events: EventStoreRepository,
    private readonly box: SecretBox,
    private readonly wake: () => void,
  ) {}

  create(r: CreateWebhookRequest) {
    return this.once(r, 'create', '-', (admin) => admin.create(r));
  }

  list(r: CallerScope) {
    return this.plain.list(r);
  }

  get(r: WebhookRef) {
    return this.plain.get(r);
  }

  update(r: UpdateWebhookRequest) {
    return this.once(r, 'update', r.id, (admin) => admin.update(r));
  }

  remove(r: WebhookRef) {
    return this.once(r, 'remove', r.id, (admin) => admin.remove(r));
  }

  rotateSecret(r: WebhookRef) {
    return this.once(r, 'rotate-secret', r.id, (admin) => admin.rotateSecret(r));
  }

  listDeliveries(r: ListDeliveriesRequest) {
    return this.plain.listDeliveries(r);
  }

  retryDelivery(r: RetryDeliveryRequest) {
    return this.once(r, 'retry', `${r.id}/${r.deliveryId}`, (admin) => admin.retryDelivery(r));
  }

  replay(r: ReplayRequest) {
    return this.once(r, 'replay', r.id, (admin) => admin.replay(r));
  }

  private async once<T>(
    r: KeyedRequest,
    route: string,
    target: string,
    work: (admin: WebhookAdmin) => Promise<WebhookReply<T>>,
  ): Promise<WebhookReply<T>> {
    if (!r.idempotency) return work(this.plain);
    const { key, requestHash, actor } = r.idempotency;
    const scope = [actor, route, target, key].join('\n');
    return inTransaction(this.dataSource, async (tx) => {
      await lockRequestKey(tx, scope);
      const prior = await findRequestKey(tx, scope);
      if (prior) {
        if (prior.requestHash === requestHash) return JSON.parse(this.box.open(prior.sealedAnswer, scope)) as WebhookReply<T>;
        return {
          error: 'idempotency-conflict',
          detail: 'This Idempotency-Key was already used with a different request on this route.',
        };
      }
      const answer = await work(this.boundTo(tx));
      // An unknown subscription changed nothing and is not kept: a retry asks again.
      if (!('error' in answer && answer.error === 'not-found')) {
        await insertRequestKey(tx, { scope, requestHash, sealedAnswer: this.box.seal(JSON.stringify(answer), scope) });
      }
      return answer;
    });
  }

  /** The admin on the transaction's connection; the dispatcher is woken once the write is committed. */
  private boundTo(tx: Tx): WebhookAdmin {
    return new WebhookAdmin(
      new SubscriptionRepository(tx),
      new DeliveryRepository(tx),
      { replay: (id, from, to) => this.events.replay(id, from, to, tx) },
      this.box,
      () => tx.afterCommit(this.wake),
    );
  }
}
