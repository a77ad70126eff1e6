import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './orders-api.js';

/**
 * The typed client a user of the API generates: paths from the published OpenAPI document
 * (`npm run check:openapi` writes orders-api.d.ts with openapi-typescript), calls by openapi-fetch.
 */
export type OrdersApi = Client<paths>;

export const ordersApi = (baseUrl: string, apiKey: string): OrdersApi =>
  createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
