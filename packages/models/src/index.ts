// Public surface of @visor/models: the registry manifest (schema, loading, resolving, updating), what a pipeline
// takes from it, and the build.
export * from './build.ts';
export * from './registry.ts';
export * from './schema.ts';
export * from './select.ts';
