export {
  type MigrateResult,
  type Migration,
  MigrationError,
  migrate,
  readMigrations,
  splitStatements,
} from './migrate.ts';
export {
  acceptsMultipleStatements,
  createPool,
  jsonColumn,
  type Pool,
  type PoolConnection,
  pingPool,
  runOn,
  runStatements,
  type Statement,
  withTransaction,
} from './mysql.ts';
export {
  createObjectStore,
  createStorage,
  type GetOptions,
  type ObjectStore,
  type ObjectStoreOptions,
  ObjectTooLargeError,
  type StoredObject,
} from './objects.ts';
export {
  ensureOutboxTable,
  type OutboxEvent,
  type OutboxPublisher,
  type OutboxRelay,
  type OutboxRelayOptions,
  outboxInsert,
  startOutboxRelay,
  writeOutbox,
} from './outbox.ts';
