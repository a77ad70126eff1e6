export * from './data-source.js';
export * from './transaction.js';
export * from './typeorm.module.js';
export * from './batch-write.js';
