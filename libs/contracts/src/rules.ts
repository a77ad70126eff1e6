/**
 * `#contracts/rules`: the part of the contract the pure domain runs on — statuses and their
 * transition tables, limits, instants, pickup-time and bucket rules, identities — without the DTOs,
 * whose class-validator and Swagger decorators take most of a second to load. Everything here is
 * also exported by `#contracts`; types come from there (type imports cost nothing at run time).
 */
export * from './statuses.js';
export * from './state-machine.js';
export * from './transitions.js';
export * from './wire-values.js';
export * from './pickup-time.js';
export * from './identity.js';
export * from './limits.js';
export * from './local-buckets.js';
export * from './brand-availability.js';
