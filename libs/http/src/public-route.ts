import { SetMetadata } from '@nestjs/common';

/** Marks a route that needs no API key (health, metrics, docs); read by the gateway's auth guard. */
export const PUBLIC_ROUTE_KEY = 'http:public';
export const Public = () => SetMetadata(PUBLIC_ROUTE_KEY, true);
