/** @rubric/registry: the publishing service (app, stores, domain). */
export * from './domain.js';
export type * from './store/types.js';
