// @visor/eval: metrics, the dataset evaluation runner and threshold calibration.
export * from './calibrate.ts';
export * from './cli.ts';
export * from './dataset.ts';
export * from './evaluate.ts';
export * from './lfw.ts';
export * from './metrics.ts';
export * from './models.ts';
