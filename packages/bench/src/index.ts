// @visor/bench: the benchmarks behind `./visor bench …`, as functions that return their JSON result.
export * from './api.ts';
export * from './args.ts';
export * from './group.ts';
export * from './group-photo.ts';
export * from './images.ts';
export * from './match.ts';
export * from './models.ts';
export * from './pipeline.ts';
export * from './services.ts';
export * from './stats.ts';
