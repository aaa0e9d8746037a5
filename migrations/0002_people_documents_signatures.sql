-- Site start-up, part 1: the TMF Reference Model taxonomy, people at sites, essential
-- documents with immutable versions, expected-document rules, and electronic signatures.

-- TMF Reference Model v3.3.1 (CDISC), loaded from reference/tmf at start-up.
CREATE TABLE tmf_artifacts (
  artifact_number text PRIMARY KEY,
  unique_id integer NOT NULL UNIQUE,
  zone_number text NOT NULL,
  zone_name text NOT NULL,
  section_number text NOT NULL,
  section_name text NOT NULL,
  name text NOT NULL,
  definition text,
  core boolean NOT NULL,
  trial_level boolean NOT NULL,
  country_level boolean NOT NULL,
  site_level boolean NOT NULL,
  investigator_document boolean NOT NULL,
  dating_convention text,
  ich_code text
);

-- People who work on studies; they need not be users of Trialdesk.
CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  user_id uuid UNIQUE REFERENCES users (id),
  full_name text NOT NULL,
  email text,
  professional_title text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX people_organization_idx ON people (organization_id);

-- A person's role at a site, across the studies the site runs.
CREATE TABLE site_staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  site_id uuid NOT NULL REFERENCES sites (id),
  person_id uuid NOT NULL REFERENCES people (id),
  role text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, person_id, role)
);
CREATE INDEX site_staff_person_idx ON site_staff (person_id);

-- 21 CFR 11.50 / 11.70: a signature names the signer, the time and the meaning, and is bound
-- to the SHA-256 of what was signed. Append-only, like the audit trail.
CREATE TABLE signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  signer_user_id uuid NOT NULL REFERENCES users (id),
  printed_name text NOT NULL,
  meaning text NOT NULL CHECK (meaning IN ('approval', 'review', 'authorship', 'responsibility')),
  signed_at timestamptz NOT NULL,
  content_hash text NOT NULL
);
CREATE INDEX signatures_entity_idx ON signatures (entity_type, entity_id);
CREATE TRIGGER signatures_no_update_delete
  BEFORE UPDATE OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER signatures_no_truncate
  BEFORE TRUNCATE ON signatures
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  site_id uuid REFERENCES sites (id),
  person_id uuid REFERENCES people (id),
  artifact_number text NOT NULL REFERENCES tmf_artifacts (artifact_number),
  title text NOT NULL,
  -- Kept in the same transaction as each review decision, so completeness is one join.
  current_version_id uuid,
  approved_version_id uuid,
  approved_effective_date date,
  approved_expiry_date date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_site_idx ON documents (site_id, study_id, artifact_number);
CREATE INDEX documents_study_idx ON documents (study_id, artifact_number);
CREATE INDEX documents_person_idx ON documents (person_id, artifact_number);
CREATE INDEX documents_title_idx ON documents (lower(title), id);

-- A version's bytes never change: it is stored under its SHA-256 and only its review moves.
CREATE TABLE document_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id uuid NOT NULL REFERENCES documents (id),
  version_number integer NOT NULL,
  content_hash text NOT NULL,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes bigint NOT NULL,
  effective_date date,
  expiry_date date,
  review_status text NOT NULL DEFAULT 'draft' CHECK (review_status IN ('draft', 'submitted', 'approved', 'returned')),
  review_note text,
  uploaded_by uuid REFERENCES users (id),
  uploaded_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, version_number)
);
CREATE INDEX document_versions_hash_idx ON document_versions (content_hash);

-- Which artifacts a study expects: of every site, every principal investigator, every
-- sub-investigator. Completeness is these rules joined with approved, unexpired documents.
CREATE TABLE document_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  artifact_number text NOT NULL REFERENCES tmf_artifacts (artifact_number),
  applies_to text NOT NULL CHECK (applies_to IN ('site', 'principal_investigator', 'sub_investigator')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, artifact_number, applies_to)
);

-- A missing document accepted on purpose, with the reason (for a site, or a person at it).
CREATE TABLE document_waivers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  site_id uuid NOT NULL REFERENCES sites (id),
  person_id uuid REFERENCES people (id),
  artifact_number text NOT NULL REFERENCES tmf_artifacts (artifact_number),
  reason text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX document_waivers_key ON document_waivers (study_id, site_id, coalesce(person_id, '00000000-0000-0000-0000-000000000000'), artifact_number);
