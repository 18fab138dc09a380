-- Subjects and their enrolled faces. The matching service reads `faces` and `subjects` at start
-- (services/matching/src/faces.ts): keep id, tenant_id, subject_id, model_name, model_version, embedding,
-- deleted_at and subjects.external_id compatible with that reader. Ids are ASCII so the faces ⋈ subjects join
-- compares bytes.

CREATE TABLE IF NOT EXISTS subjects (
  id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  -- Insertion order: the stable, gap-free key of ListSubjects' cursor.
  seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE,
  tenant_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- NULL when the tenant gave none; unique per tenant otherwise.
  external_id VARCHAR(255) NULL,
  display_name VARCHAR(255) NOT NULL DEFAULT '',
  metadata JSON NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY subjects_tenant_external (tenant_id, external_id),
  KEY subjects_tenant_seq (tenant_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS faces (
  id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  subject_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- Object name in the images bucket; NULL when the tenant keeps no images (templates only).
  image_object_key VARCHAR(512) NULL,
  -- FaceQuality and Box of the detection, as JSON objects (camelCase fields of common.proto).
  quality JSON NOT NULL,
  box JSON NOT NULL,
  model_name VARCHAR(64) NOT NULL,
  model_version VARCHAR(64) NOT NULL,
  -- L2-normalised embedding as little-endian float32s.
  embedding BLOB NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  -- Always NULL: deletes remove the row. Kept because the matching service's reader filters on it.
  deleted_at DATETIME(3) NULL,
  KEY faces_subject (tenant_id, subject_id, created_at),
  KEY faces_tenant_model (tenant_id, model_name, model_version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Per-tenant settings of this service. A tenant without a row gets the service defaults (retain_images: true,
-- or VISOR_ENROLL_RETAIN_IMAGES_DEFAULT).
CREATE TABLE IF NOT EXISTS tenant_settings (
  tenant_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  retain_images BOOLEAN NOT NULL DEFAULT TRUE,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- Client-supplied idempotency keys of AddFaces: the first response is replayed for the same request.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  tenant_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  idempotency_key VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  operation VARCHAR(32) NOT NULL,
  -- SHA-256 (hex) of the request's canonical form (subject, image digests, face indexes).
  request_hash CHAR(64) NOT NULL,
  response JSON NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (tenant_id, idempotency_key),
  KEY idempotency_created (created_at)
) ENGINE=InnoDB;

-- Objects (or prefixes, ending in '/') that must not outlive the rows referring to them. An upload registers its
-- key here before writing and clears it in the transaction that commits the face, so an object written by a
-- process that died before committing is erased by the sweeper once not_before has passed. Deletes register the
-- subject's prefix or the face's key in their transaction and clear it once the objects are gone.
CREATE TABLE IF NOT EXISTS object_erasures (
  object_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  not_before DATETIME(3) NOT NULL,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  KEY object_erasures_due (not_before)
) ENGINE=InnoDB;
