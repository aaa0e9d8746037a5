-- A participant import too large to wait for in one request: accepted as a job, run in the
-- background, its progress polled. The uploaded files live on the accepting server's disk until
-- the job ends; this row keeps what they were (name, size, SHA-256), who asked, and the outcome.
CREATE TABLE participant_import_jobs (
  id uuid PRIMARY KEY,
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  created_by uuid NOT NULL REFERENCES users (id),
  -- [{ field, fileName, size, sha256 }] for the participants file and the visits file if any.
  files jsonb NOT NULL,
  dry_run boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'checking', 'writing', 'succeeded', 'failed', 'cancelled')),
  rows_total integer CHECK (rows_total >= 0),
  rows_checked integer NOT NULL DEFAULT 0 CHECK (rows_checked >= 0),
  rows_written integer NOT NULL DEFAULT 0 CHECK (rows_written >= 0),
  -- The import's counts once it succeeded; the 400 problem (errors by file, row and column) once it failed.
  result jsonb,
  problem jsonb,
  cancel_requested_at timestamptz,
  cancel_requested_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  CHECK ((status IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL)),
  CHECK (status <> 'succeeded' OR result IS NOT NULL),
  CHECK (status <> 'failed' OR problem IS NOT NULL)
);
CREATE INDEX participant_import_jobs_study_site_idx ON participant_import_jobs (study_site_id, created_at);
CREATE INDEX participant_import_jobs_unfinished_idx ON participant_import_jobs (status) WHERE finished_at IS NULL;
