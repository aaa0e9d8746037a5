-- Site start-up, milestones: a template per study (what each site goes through before it may
-- enrol, in order, with typical durations and dependencies) and each study-site's planned and
-- actual dates against it.

CREATE TABLE milestone_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  -- Stable: dependencies, the activation gate and its audit rows name milestones by code.
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,59}$'),
  name text NOT NULL,
  sequence integer NOT NULL,
  required_for_activation boolean NOT NULL DEFAULT false,
  -- Days from the latest of its dependencies (or from the study-site's start when it has none).
  typical_duration_days integer NOT NULL DEFAULT 0 CHECK (typical_duration_days BETWEEN 0 AND 3650),
  -- Codes of other milestones of the same study; the API refuses unknown codes and cycles.
  depends_on text[] NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, code)
);
CREATE INDEX milestone_templates_study_idx ON milestone_templates (study_id, sequence);

-- One row per study-site and template item, made on the first write (an item never written
-- reads as version 0). The template item's removal takes these rows with it, each audited.
CREATE TABLE study_site_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  template_id uuid NOT NULL REFERENCES milestone_templates (id),
  planned_date date,
  actual_date date,
  note text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_site_id, template_id)
);
CREATE INDEX study_site_milestones_template_idx ON study_site_milestones (template_id);
