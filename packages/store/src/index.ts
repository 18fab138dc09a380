export {
  type MigrateResult,
  type Migration,
  MigrationError,
  migrate,
  readMigrations,
  splitStatements,
} from './migrate.ts';
export { createPool, jsonColumn, type Pool, type PoolConnection, pingPool, withTransaction } from './mysql.ts';
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
  startOutboxRelay,
  writeOutbox,
} from './outbox.ts';
