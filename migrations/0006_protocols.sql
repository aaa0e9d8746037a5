-- Protocols and the schedule of activities: versioned protocols per study (an amendment is a
-- new version), their arms, visits, procedures and eligibility criteria as plain tables so that
-- participant schedules can join them; which version each study-site has approved and from when;
-- informed consent form versions and their approvals per study-site.

CREATE TABLE protocol_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  -- 1, 2, 3 … in the order the versions were made: the order of amendments at a site.
  version_number integer NOT NULL CHECK (version_number >= 1),
  version_label text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
  summary_of_changes text,
  -- The final version this one amends (null for a version written from scratch).
  amends_version_id uuid REFERENCES protocol_versions (id),
  finalized_at timestamptz,
  finalized_by_user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, version_number),
  UNIQUE (study_id, version_label),
  CHECK ((status = 'final') = (finalized_at IS NOT NULL))
);
-- One draft at a time per study: amendments follow one another, they do not branch in parallel.
CREATE UNIQUE INDEX protocol_versions_one_draft_idx ON protocol_versions (study_id) WHERE status = 'draft';

CREATE TABLE protocol_arms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  protocol_version_id uuid NOT NULL REFERENCES protocol_versions (id),
  code text NOT NULL,
  name text NOT NULL,
  -- Relative weight in randomization (2 and 1 give a 2:1 allocation).
  allocation_ratio integer NOT NULL CHECK (allocation_ratio BETWEEN 1 AND 100),
  -- What blinded staff may see instead of the name ("Treatment A").
  blinded_label text,
  sequence integer NOT NULL,
  UNIQUE (protocol_version_id, code)
);

CREATE TABLE protocol_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  protocol_version_id uuid NOT NULL REFERENCES protocol_versions (id),
  -- Stable across versions: re-planning after an amendment maps visits by code.
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('screening', 'baseline', 'treatment', 'follow_up', 'end_of_study', 'unscheduled')),
  -- Unscheduled visits have no anchor, target day or window; every other visit has all three.
  anchor text CHECK (anchor IN ('consent', 'randomization', 'baseline')),
  target_day integer,
  window_before_days integer NOT NULL DEFAULT 0 CHECK (window_before_days >= 0),
  window_after_days integer NOT NULL DEFAULT 0 CHECK (window_after_days >= 0),
  sequence integer NOT NULL,
  UNIQUE (protocol_version_id, code),
  CHECK ((kind = 'unscheduled') = (anchor IS NULL) AND (anchor IS NULL) = (target_day IS NULL))
);

CREATE TABLE protocol_procedures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES protocol_visits (id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  required boolean NOT NULL DEFAULT true,
  sequence integer NOT NULL,
  UNIQUE (visit_id, code)
);

CREATE TABLE protocol_criteria (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  protocol_version_id uuid NOT NULL REFERENCES protocol_versions (id),
  kind text NOT NULL CHECK (kind IN ('inclusion', 'exclusion')),
  number integer NOT NULL CHECK (number >= 1),
  text text NOT NULL,
  UNIQUE (protocol_version_id, kind, number)
);

-- A final version is frozen (a change is a new version). The API refuses such writes with a 409;
-- this refuses them from any other path too, so what sites approved cannot drift.
CREATE FUNCTION protocol_structure_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  row_data record;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF TG_TABLE_NAME = 'protocol_procedures' THEN
    SELECT protocol_version_id INTO target FROM protocol_visits WHERE id = row_data.visit_id;
  ELSE
    target := row_data.protocol_version_id;
  END IF;
  IF EXISTS (SELECT 1 FROM protocol_versions WHERE id = target AND status = 'final') THEN
    RAISE EXCEPTION 'protocol version % is final: its structure cannot change', target;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER protocol_arms_frozen BEFORE INSERT OR UPDATE OR DELETE ON protocol_arms
  FOR EACH ROW EXECUTE FUNCTION protocol_structure_frozen();
CREATE TRIGGER protocol_visits_frozen BEFORE INSERT OR UPDATE OR DELETE ON protocol_visits
  FOR EACH ROW EXECUTE FUNCTION protocol_structure_frozen();
CREATE TRIGGER protocol_procedures_frozen BEFORE INSERT OR UPDATE OR DELETE ON protocol_procedures
  FOR EACH ROW EXECUTE FUNCTION protocol_structure_frozen();
CREATE TRIGGER protocol_criteria_frozen BEFORE INSERT OR UPDATE OR DELETE ON protocol_criteria
  FOR EACH ROW EXECUTE FUNCTION protocol_structure_frozen();

CREATE FUNCTION protocol_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'protocol version % is final: it cannot change', OLD.id;
END;
$$;
CREATE TRIGGER protocol_versions_frozen BEFORE UPDATE OR DELETE ON protocol_versions
  FOR EACH ROW WHEN (OLD.status = 'final') EXECUTE FUNCTION protocol_version_frozen();

-- ICH E6(R3) 2.4/3.4: a protocol version is used at a site only once its IRB/IEC approved it.
-- Recorded facts, never edited: the version in force at a site on a day is the one with the
-- latest approval on or before that day.
CREATE TABLE protocol_site_approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  protocol_version_id uuid NOT NULL REFERENCES protocol_versions (id),
  approved_on date NOT NULL,
  reason text,
  recorded_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_site_id, protocol_version_id)
);
CREATE INDEX protocol_site_approvals_in_force_idx ON protocol_site_approvals (study_site_id, approved_on);
CREATE INDEX protocol_site_approvals_version_idx ON protocol_site_approvals (protocol_version_id);

CREATE TABLE icf_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  version_label text NOT NULL,
  -- BCP 47 (en-US, es-US): each language has its own line of versions.
  language text NOT NULL,
  protocol_version_id uuid REFERENCES protocol_versions (id),
  document_id uuid REFERENCES documents (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, version_label, language)
);

CREATE TABLE icf_site_approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  icf_version_id uuid NOT NULL REFERENCES icf_versions (id),
  -- Copied from the ICF version so "in force per language" is one indexed look-up.
  language text NOT NULL,
  approved_on date NOT NULL,
  reason text,
  recorded_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_site_id, icf_version_id)
);
CREATE INDEX icf_site_approvals_in_force_idx ON icf_site_approvals (study_site_id, language, approved_on);
CREATE INDEX icf_site_approvals_version_idx ON icf_site_approvals (icf_version_id);
