-- Safety reporting (issue 13, items 1-3; ADR 0022): adverse events per participant, the SAE
-- report a serious one opens with its versions (initial, follow-ups, each signed when submitted),
-- and the regulatory clocks a SUSAR starts per country where the study has sites.

-- Per-study settings: the site-to-sponsor clock (ICH E6(R3), 21 CFR 312.64(b): "immediately",
-- in practice 24 hours from the site's awareness).
CREATE TABLE safety_study_settings (
  study_id uuid PRIMARY KEY REFERENCES studies (id),
  site_report_hours integer NOT NULL DEFAULT 24 CHECK (site_report_hours BETWEEN 1 AND 720),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per-country overrides of the SUSAR clocks (ICH E2A defaults: 7 days fatal or life-threatening,
-- 8 more for the complete report, 15 days otherwise).
CREATE TABLE safety_country_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  country text NOT NULL,
  fatal_days integer NOT NULL CHECK (fatal_days BETWEEN 1 AND 90),
  completion_days integer NOT NULL CHECK (completion_days BETWEEN 1 AND 90),
  other_days integer NOT NULL CHECK (other_days BETWEEN 1 AND 90),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, country)
);

CREATE TABLE adverse_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  participant_id uuid NOT NULL REFERENCES participants (id),
  verbatim_term text NOT NULL,
  -- The coded term (MedDRA is licensed and not shipped: the study's own coding list).
  coded_code text,
  coded_term text,
  dictionary_name text,
  dictionary_version text,
  -- Partial dates as reported: YYYY, YYYY-MM or YYYY-MM-DD.
  onset_date text NOT NULL,
  resolution_date text,
  severity_grade integer NOT NULL CHECK (severity_grade BETWEEN 1 AND 5),
  serious boolean NOT NULL,
  -- ICH E2A seriousness criteria; a serious event names at least one.
  serious_criteria text[] NOT NULL DEFAULT '{}',
  causality text NOT NULL,
  expectedness text NOT NULL,
  -- The reference safety information in force: the Investigator's Brochure version, as text or a filed document.
  reference_safety_info text,
  reference_document_id uuid REFERENCES documents (id),
  action_taken text NOT NULL,
  outcome text NOT NULL,
  created_by_user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT serious OR cardinality(serious_criteria) > 0)
);
CREATE INDEX adverse_events_participant_idx ON adverse_events (participant_id, created_at);
CREATE INDEX adverse_events_study_site_idx ON adverse_events (study_site_id);

CREATE TABLE sae_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  adverse_event_id uuid NOT NULL UNIQUE REFERENCES adverse_events (id),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  participant_id uuid NOT NULL REFERENCES participants (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  site_aware_at timestamptz NOT NULL,
  site_due_at timestamptz NOT NULL,
  -- The site clock is met by the first submitted version.
  first_submitted_at timestamptz,
  sponsor_aware_at timestamptz,
  acknowledged_by_user_id uuid REFERENCES users (id),
  sponsor_expectedness text,
  sponsor_causality text,
  susar boolean,
  fatal_or_life_threatening boolean,
  assessed_at timestamptz,
  assessed_by_user_id uuid REFERENCES users (id),
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX sae_reports_open_idx ON sae_reports (study_site_id, status, site_due_at);

-- Each version of a report: the initial one, then follow-ups; a draft until the investigator signs it.
CREATE TABLE sae_report_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES sae_reports (id),
  version_number integer NOT NULL CHECK (version_number >= 1),
  narrative text NOT NULL DEFAULT '',
  -- What was submitted: the event as it stood, frozen at submission.
  content jsonb,
  submitted_at timestamptz,
  submitted_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (report_id, version_number)
);

-- The regulatory clocks of a SUSAR: one per country and kind.
CREATE TABLE sae_regulatory_clocks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES sae_reports (id),
  study_id uuid NOT NULL REFERENCES studies (id),
  country text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('expedited', 'completion')),
  time_zone text NOT NULL,
  day_zero date NOT NULL,
  due_days integer NOT NULL,
  due_at timestamptz NOT NULL,
  met_at timestamptz,
  met_by_user_id uuid REFERENCES users (id),
  submission_reference text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, country, kind)
);
CREATE INDEX sae_regulatory_clocks_running_idx ON sae_regulatory_clocks (due_at) WHERE met_at IS NULL;
