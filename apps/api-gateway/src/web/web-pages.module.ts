import { type DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule, type ServeStaticModuleOptions } from '@nestjs/serve-static';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';

/** The pages a browser may open; each is one built `index.html` under the web directory. */
export const WEB_PAGES = ['kitchen', 'dashboard', 'webhooks', 'track'] as const;

/** Where each page answers under its root: the tracking page at `/track/{token}` only. */
const RENDER_PATHS: Partial<Record<(typeof WEB_PAGES)[number], string>> = { track: '/:token' };

/**
 * Pages talk only to this gateway, with the key in a header; nothing else may load or be called.
 * Chart.js sizes its canvas through inline styles, hence 'unsafe-inline' for styles only.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function pageHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  // The page is small and changes with each release; its hashed assets are cached for good instead.
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * Serves the built pages: `/kitchen`, `/dashboard`, `/webhooks` and `/track/{token}` answer their `index.html`, `/assets/*` the
 * content-hashed bundles they share. Anything else under those roots falls through to the API's
 * 404 problem document rather than to a page.
 */
@Module({})
export class WebPagesModule {
  static forRoot(webDir: string): DynamicModule {
    const root = resolve(webDir);
    const pages: ServeStaticModuleOptions[] = WEB_PAGES.map((page) => ({
      rootPath: resolve(root, page),
      serveRoot: `/${page}`,
      renderPath: RENDER_PATHS[page] ?? '/',
      serveStaticOptions: { index: false, redirect: false, fallthrough: true, setHeaders: pageHeaders },
    }));
    const assets: ServeStaticModuleOptions = {
      rootPath: resolve(root, 'assets'),
      serveRoot: '/assets',
      exclude: ['/{*any}'],
      serveStaticOptions: { immutable: true, maxAge: '365d', index: false, redirect: false, fallthrough: true },
    };
    return { module: WebPagesModule, imports: [ServeStaticModule.forRoot(...pages, assets)] };
  }
}
