export { callUnary, healthProbe, rpc } from './client.ts';
export { ConfigError, commonConfig, loadConfig, logLevel, mysqlUrl, natsUrl, port, z } from './config.ts';
export {
  ERROR_CODE_METADATA_KEY,
  ERROR_CODES,
  ERROR_DETAILS_METADATA_KEY,
  ERROR_TABLE,
  type ErrorCode,
  fromGrpcError,
  grpcStatusOf,
  type HttpErrorBody,
  httpStatusOf,
  isErrorCode,
  toGrpcError,
  toHttpError,
  toVisorError,
  VisorError,
} from './errors.ts';
export { MARKING_HARD_TRIGGER_PERCENT, MARKING_SOFT_TRIGGER_PERCENT, tuneCollectorForInference } from './gc.ts';
export {
  type AnyHandler,
  type GrpcServerHandle,
  type GrpcServerOptions,
  type GrpcServiceRegistration,
  metricsInterceptor,
  serviceNameOf,
  startGrpcServer,
  wrapService,
} from './grpc.ts';
export {
  evaluateReadiness,
  type HttpServerHandle,
  type HttpServerOptions,
  type ReadinessCheck,
  type RouteHandler,
  startHttpServer,
} from './http.ts';
export {
  type Closer,
  installSignalHandlers,
  isShuttingDown,
  Lifecycle,
  onShutdown,
  processLifecycle,
  type SignalOptions,
  shutdown,
} from './lifecycle.ts';
export { createLogger, type Logger, type LoggerSettings, REDACT_PATHS } from './logger.ts';
export {
  Counter,
  counter,
  createRegistry,
  DURATION_BUCKETS,
  durationHistogram,
  getRegistry,
  Histogram,
  Registry,
  stageHistogram,
  timeStage,
} from './metrics.ts';
export {
  grpcListen,
  httpListen,
  runService,
  type ServiceContext,
  type ServiceProcessConfig,
  serviceLogger,
} from './service.ts';
export { initTracing, safeAttributes, type TracingHandle, withSpan } from './tracing.ts';
