-- One row per verify / identify answered (or refused). Never images, embeddings or keys: who, what, outcome, score.
CREATE TABLE IF NOT EXISTS audit_events (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id VARCHAR(64) NOT NULL,
  tenant_id VARCHAR(64) NOT NULL,
  key_id VARCHAR(32) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  subject_id VARCHAR(64) NULL,
  outcome VARCHAR(32) NOT NULL,
  score FLOAT NULL,
  threshold FLOAT NULL,
  model VARCHAR(160) NULL,
  faces INT UNSIGNED NULL,
  occurred_at DATETIME(3) NOT NULL,
  UNIQUE KEY audit_events_event (event_id),
  KEY audit_events_tenant_time (tenant_id, occurred_at),
  KEY audit_events_subject_time (tenant_id, subject_id, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
