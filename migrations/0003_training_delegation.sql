-- Site start-up, part 2: staff training records, the training each study requires of each
-- role, and the delegation of authority log (ICH E6(R3) 2.3: the investigator delegates
-- trial-related tasks only to qualified, trained people and keeps a record of it).

-- A course a person completed: GCP, training on a protocol version, a professional licence
-- (its validity period), or anything else. A removed record keeps its row (deleted_at) so
-- its audit history stays readable by whoever sees the person.
CREATE TABLE training_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id),
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('gcp', 'protocol', 'licence', 'other')),
  study_id uuid REFERENCES studies (id),
  protocol_version text,
  completed_on date NOT NULL,
  expires_on date,
  document_id uuid REFERENCES documents (id),
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'protocol' OR (study_id IS NOT NULL AND protocol_version IS NOT NULL)),
  CHECK (kind <> 'licence' OR expires_on IS NOT NULL),
  CHECK (expires_on IS NULL OR expires_on >= completed_on)
);
CREATE INDEX training_records_person_idx ON training_records (person_id, kind) WHERE deleted_at IS NULL;

-- What a study requires of each staff role: GCP, training on a given protocol version, a
-- licence, or a named course ('other', matched on its title).
CREATE TABLE training_requirements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  role text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('gcp', 'protocol', 'licence', 'other')),
  protocol_version text,
  title text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'protocol' OR protocol_version IS NOT NULL),
  CHECK (kind <> 'other' OR title IS NOT NULL)
);
CREATE UNIQUE INDEX training_requirements_key
  ON training_requirements (study_id, role, kind, coalesce(protocol_version, ''), lower(coalesce(title, '')));

-- The tasks a study's delegation log may name, and what each needs of the person.
CREATE TABLE delegation_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  code text NOT NULL,
  label text NOT NULL,
  requires_licence boolean NOT NULL DEFAULT false,
  -- Training kinds ('gcp', 'protocol', 'other') the task needs, as a JSON array.
  required_training jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, code)
);

-- One line of a site's delegation log. Whether it is valid is computed on every read
-- (signature, dates, training, licence), never stored: a stored flag would go stale the
-- day a certificate expires.
CREATE TABLE delegation_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  person_id uuid NOT NULL REFERENCES people (id),
  -- Task codes of the study's list, as a JSON array.
  tasks jsonb NOT NULL,
  start_date date NOT NULL,
  end_date date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX delegation_entries_site_idx ON delegation_entries (study_site_id, person_id);
CREATE INDEX delegation_entries_person_idx ON delegation_entries (person_id);
