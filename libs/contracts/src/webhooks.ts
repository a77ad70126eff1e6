import { EVENT_TYPES, type OrderEventType } from './events.js';

/**
 * The webhooks side of the analytics service: its own copy of `orders.events`, the gateway's admin
 * reads (`webhooks.admin`, expiring) and its admin writes (`webhooks.admin.commands`, durable).
 */
export const WEBHOOKS_EVENTS_QUEUE = 'webhooks.events';
export const WEBHOOKS_ADMIN_QUEUE = 'webhooks.admin';
export const WEBHOOKS_ADMIN_COMMAND_QUEUE = 'webhooks.admin.commands';

export const WebhookRequests = {
  create: 'webhooks.create',
  list: 'webhooks.list',
  get: 'webhooks.get',
  update: 'webhooks.update',
  remove: 'webhooks.remove',
  rotateSecret: 'webhooks.rotate-secret',
  listDeliveries: 'webhooks.list-deliveries',
  retryDelivery: 'webhooks.retry-delivery',
  replay: 'webhooks.replay',
} as const;

/** The admin requests that change something: sent as durable commands, answered 202 past the wait. */
export type WebhookCommandPattern =
  | typeof WebhookRequests.create
  | typeof WebhookRequests.update
  | typeof WebhookRequests.remove
  | typeof WebhookRequests.rotateSecret
  | typeof WebhookRequests.retryDelivery
  | typeof WebhookRequests.replay;
export type WebhookQueryPattern =
  typeof WebhookRequests.list | typeof WebhookRequests.get | typeof WebhookRequests.listDeliveries;

/** What a subscription's `types` may name: every event type of `orders.events`, or `*` alone. */
export const WEBHOOK_ALL_TYPES = '*';
export const WEBHOOK_EVENT_TYPES: readonly OrderEventType[] = EVENT_TYPES;
export const WEBHOOK_STATUSES = ['ENABLED', 'DISABLED'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const MAX_WEBHOOK_URL_LENGTH = 2_048;
export const MAX_WEBHOOK_BRANDS = 100;
export const MAX_WEBHOOK_DESCRIPTION = 500;

export interface WebhookSubscriptionView {
  id: string;
  url: string;
  types: string[];
  /** Empty: every brand. */
  brandIds: string[];
  description: string | null;
  status: WebhookStatus;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The only answers that carry the signing secret: creation and rotation. */
export type CreatedWebhookView = WebhookSubscriptionView & { secret: string };
export interface RotatedSecretView {
  id: string;
  secret: string;
  /** Until then deliveries carry a signature with the previous secret too. */
  previousSecretValidUntil: string;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  orderId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The brands of a brand-scoped admin key: it sees and changes only subscriptions confined to them. */
export interface CallerScope {
  callerBrands?: string[];
}

/**
 * A write's optional Idempotency-Key, the hash of its request and the caller key's actor: the
 * webhooks module keeps the answer per actor, route and target, and answers a retry with it.
 */
export interface KeyedRequest {
  idempotency?: { key: string; requestHash: string; actor: string };
}

export interface CreateWebhookRequest extends CallerScope, KeyedRequest {
  /** Minted by the gateway, so that a 202 can name the subscription; the service mints one when it is absent. */
  id?: string;
  url: string;
  types: string[];
  brandIds?: string[];
  description?: string;
}
export interface UpdateWebhookRequest extends CallerScope, KeyedRequest {
  id: string;
  url?: string;
  types?: string[];
  brandIds?: string[];
  description?: string | null;
  status?: WebhookStatus;
}
export interface WebhookRef extends CallerScope, KeyedRequest {
  id: string;
}
export interface ListDeliveriesRequest extends WebhookRef {
  status?: DeliveryStatus;
  orderId?: string;
  limit: number;
  cursor?: string;
}
export interface RetryDeliveryRequest extends WebhookRef {
  deliveryId: string;
}
export interface ReplayRequest extends WebhookRef {
  from: string;
  to: string;
}

/** A refusal the gateway turns into a problem document; anything else it answers as a 503. */
export type WebhookFailure =
  | { error: 'not-found'; detail: string }
  | { error: 'conflict'; detail: string }
  | { error: 'invalid-cursor'; detail: string }
  /** The Idempotency-Key was used with another request on this route. */
  | { error: 'idempotency-conflict'; detail: string };
export type WebhookReply<T> = { ok: T } | WebhookFailure;

export interface WebhookMessageMap {
  [WebhookRequests.create]: { payload: CreateWebhookRequest; result: WebhookReply<CreatedWebhookView> };
  [WebhookRequests.list]: { payload: CallerScope; result: WebhookReply<{ items: WebhookSubscriptionView[] }> };
  [WebhookRequests.get]: { payload: WebhookRef; result: WebhookReply<WebhookSubscriptionView> };
  [WebhookRequests.update]: { payload: UpdateWebhookRequest; result: WebhookReply<WebhookSubscriptionView> };
  [WebhookRequests.remove]: { payload: WebhookRef; result: WebhookReply<null> };
  [WebhookRequests.rotateSecret]: { payload: WebhookRef; result: WebhookReply<RotatedSecretView> };
  [WebhookRequests.listDeliveries]: {
    payload: ListDeliveriesRequest;
    result: WebhookReply<{ items: DeliveryView[]; nextCursor: string | null }>;
  };
  [WebhookRequests.retryDelivery]: { payload: RetryDeliveryRequest; result: WebhookReply<DeliveryView> };
  [WebhookRequests.replay]: { payload: ReplayRequest; result: WebhookReply<{ deliveries: number }> };
}
export type WebhookRequestPattern = keyof WebhookMessageMap;
