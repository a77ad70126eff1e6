export * from './health/health.controller.js';
export * from './health/health.module.js';
export * from './metrics/metrics.js';
export * from './metrics/metrics.module.js';
export * from './metrics/http-metrics.middleware.js';
export * from './logging/logging.module.js';
export * from './logging/bootstrap-logger.js';
export * from './logging/redact-url.js';
