export * from './problem.js';
export * from './problem.filter.js';
export * from './validation.js';
export * from './uuid-param.pipe.js';
export * from './correlation-id.js';
export * from './configure.js';
export * from './openapi.js';
export * from './public-route.js';
