export * from './config.js';
export * from './app-config.module.js';
export * from './webhook-config.js';
