import { api, ApiError } from '../shared/api';

export interface Subscription {
  id: string;
  url: string;
  types: string[];
  brandIds: string[];
  description: string | null;
  status: 'ENABLED' | 'DISABLED';
  disabledReason: string | null;
  createdAt: string;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  orderId: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

/** Failing deliveries shown per subscription: the newest; the API pages through the rest. */
export const FAILED_SHOWN = 50;

export async function listSubscriptions(): Promise<Subscription[]> {
  return (await api<{ items: Subscription[] }>('/v1/webhooks')).body.items;
}

export async function failedDeliveries(id: string): Promise<Delivery[]> {
  const path = `/v1/webhooks/${encodeURIComponent(id)}/deliveries?status=FAILED&limit=${FAILED_SHOWN}`;
  return (await api<{ items: Delivery[] }>(path)).body.items;
}

export async function retryDelivery(id: string, deliveryId: string): Promise<void> {
  await api(`/v1/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`, { method: 'POST' });
}

/** What to tell an admin when the list cannot be read: the port, the key, or the service. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong; reload the page.';
  if (error.status === 404) {
    return 'The webhook routes do not answer on this port: with ADMIN_PORT set they are served on the admin port only. Open this page there.';
  }
  return error.message;
}
