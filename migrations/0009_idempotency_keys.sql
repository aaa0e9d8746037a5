-- Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field"): a retried POST answers
-- the first answer instead of creating a second record. Keys belong to the user who sent them
-- and live 24 hours from the first request; the hourly purge deletes older rows, because the
-- stored answers may carry what that user was shown (names, arms) and must not outlive their use.
CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL REFERENCES users (id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the method, the path with its query, and the body (or an upload's fields and file hash).
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL,
  -- NULL while the first request runs; a 2xx answer once it has finished.
  response_status integer CHECK (response_status BETWEEN 200 AND 299),
  response_headers jsonb,
  response_body bytea,
  completed_at timestamptz,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
