-- Participants and visits: the pre-screening log, screening and consent, eligibility,
-- randomization with blinding, each participant's schedule of visits, protocol deviations,
-- re-consent tasks, the coordinator's calendar feed and the enrollment funnel counts.
--
-- Data protection (PRODUCT.md): identifying details live only in `identities`; every other table
-- is pseudonymous (subject numbers). Blinding: the treatment arm lives only in `allocations`.

-- Name, contact and date of birth of a pre-screened candidate or participant, kept apart from
-- study data and read only by site-level roles.
CREATE TABLE identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  full_name text NOT NULL,
  date_of_birth date,
  phone text,
  email text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX identities_study_site_idx ON identities (study_site_id);

-- Per study: how subject numbers are written ('{site}-{seq:3}' gives 101-001).
CREATE TABLE participant_settings (
  study_id uuid PRIMARY KEY REFERENCES studies (id),
  subject_number_format text NOT NULL DEFAULT '{site}-{seq:3}',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The next subject sequence number per study-site; a row lock on it serializes numbering.
CREATE TABLE subject_number_counters (
  study_site_id uuid PRIMARY KEY REFERENCES study_sites (id),
  next_seq integer NOT NULL DEFAULT 1 CHECK (next_seq >= 1)
);

CREATE TABLE prescreen_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  identity_id uuid REFERENCES identities (id),
  source text NOT NULL CHECK (source IN ('referral', 'site_database', 'advertisement', 'registry', 'other')),
  prescreened_on date NOT NULL,
  outcome text NOT NULL DEFAULT 'pending'
    CHECK (outcome IN ('pending', 'to_screen', 'not_eligible', 'declined', 'unable_to_contact', 'other', 'screened')),
  -- Why a candidate was not screened: sponsors see the reasons, never the person.
  outcome_reason text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prescreen_candidates_study_site_idx ON prescreen_candidates (study_site_id, prescreened_on);
CREATE INDEX prescreen_candidates_study_idx ON prescreen_candidates (study_id);

CREATE TABLE participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  subject_number text NOT NULL,
  identity_id uuid REFERENCES identities (id),
  candidate_id uuid UNIQUE REFERENCES prescreen_candidates (id),
  -- The coordinator whose calendar and feed carry this participant's visits.
  coordinator_user_id uuid REFERENCES users (id),
  status text NOT NULL DEFAULT 'screening' CHECK (status IN (
    'screening', 'screen_failed', 'enrolled', 'on_treatment', 'follow_up', 'completed', 'withdrawn', 'lost_to_follow_up'
  )),
  -- Language of the consent form: each language has its own line of ICF versions.
  consent_language text NOT NULL DEFAULT 'en-US',
  screened_on date NOT NULL,
  consented_on date,
  screen_failed_on date,
  screen_fail_reason text,
  eligibility_confirmed_at timestamptz,
  eligibility_confirmed_by_user_id uuid REFERENCES users (id),
  -- Stratification factor levels given at randomization ({"age": "ge65"}); not the arm.
  strata jsonb,
  randomization_number text,
  enrolled_on date,
  baseline_on date,
  completed_on date,
  withdrawn_on date,
  withdrawal_scope text CHECK (withdrawal_scope IN ('treatment', 'study')),
  withdrawal_reason text,
  lost_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, subject_number),
  CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL)),
  CHECK ((withdrawn_on IS NULL) = (withdrawal_scope IS NULL))
);
CREATE INDEX participants_study_site_idx ON participants (study_site_id, status);
CREATE INDEX participants_coordinator_idx ON participants (coordinator_user_id);

-- Consent as given: which form version, when, and who obtained it (ICH E6(R3) 2.8).
CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants (id),
  icf_version_id uuid NOT NULL REFERENCES icf_versions (id),
  kind text NOT NULL CHECK (kind IN ('initial', 're_consent')),
  consented_at timestamptz NOT NULL,
  -- The site's calendar day of consented_at: windows and delegation are judged by it.
  consented_on date NOT NULL,
  obtained_by_person_id uuid NOT NULL REFERENCES people (id),
  recorded_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consents_participant_idx ON consents (participant_id, consented_at);

-- A new consent form version approved at a site asks each active participant there to re-consent.
CREATE TABLE reconsent_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants (id),
  icf_version_id uuid NOT NULL REFERENCES icf_versions (id),
  -- The approval date of the new version: from then, visits without re-consent are deviations.
  due_from date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  consent_id uuid REFERENCES consents (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  UNIQUE (participant_id, icf_version_id)
);
CREATE INDEX reconsent_tasks_open_idx ON reconsent_tasks (participant_id) WHERE status = 'open';

-- Each criterion answered one by one; the investigator's confirmation is on the participant.
CREATE TABLE eligibility_answers (
  participant_id uuid NOT NULL REFERENCES participants (id),
  criterion_id uuid NOT NULL REFERENCES protocol_criteria (id),
  -- Is the criterion met? Eligible means every inclusion met and no exclusion met.
  met boolean NOT NULL,
  note text,
  answered_by_user_id uuid REFERENCES users (id),
  answered_at timestamptz NOT NULL,
  PRIMARY KEY (participant_id, criterion_id)
);

-- Per study: the stratified permuted-block scheme. The seed never leaves the server; its
-- SHA-256 is shown so an auditor can check the seed later handed over is the one used.
CREATE TABLE randomization_schemes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL UNIQUE REFERENCES studies (id),
  blinding text NOT NULL CHECK (blinding IN ('open', 'single', 'double')),
  -- Arm codes and their ratios, fixed when the scheme is made: [{"code": "A", "ratio": 1}].
  arms jsonb NOT NULL,
  block_sizes jsonb NOT NULL,
  -- [{"code": "age", "label": "Age", "levels": [{"code": "lt65", "label": "< 65"}]}]
  strata_factors jsonb NOT NULL DEFAULT '[]',
  stratify_by_site boolean NOT NULL DEFAULT false,
  seed text NOT NULL,
  seed_sha256 text NOT NULL,
  next_randomization_number integer NOT NULL DEFAULT 1,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- How many participants each stratum has had: the next one takes the following position.
CREATE TABLE randomization_strata (
  scheme_id uuid NOT NULL REFERENCES randomization_schemes (id),
  stratum_key text NOT NULL,
  assigned integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scheme_id, stratum_key)
);

-- The only place the arm is stored; read only by unblinded roles (or anyone in an open study).
CREATE TABLE allocations (
  participant_id uuid PRIMARY KEY REFERENCES participants (id),
  scheme_id uuid NOT NULL REFERENCES randomization_schemes (id),
  stratum_key text NOT NULL,
  position integer NOT NULL,
  arm_code text NOT NULL,
  allocated_at timestamptz NOT NULL,
  UNIQUE (scheme_id, stratum_key, position)
);

CREATE TABLE emergency_unblindings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants (id),
  reason text NOT NULL,
  unblinded_by_user_id uuid NOT NULL REFERENCES users (id),
  unblinded_at timestamptz NOT NULL
);
CREATE INDEX emergency_unblindings_participant_idx ON emergency_unblindings (participant_id);

-- Each participant's visits, generated from the protocol version in force at the site.
CREATE TABLE participant_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  protocol_version_id uuid REFERENCES protocol_versions (id),
  protocol_visit_id uuid REFERENCES protocol_visits (id),
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  sequence integer NOT NULL,
  -- Null for unscheduled visits.
  target_date date,
  window_start date,
  window_end date,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'missed', 'cancelled')),
  actual_date date,
  completed_at timestamptz,
  completed_by_user_id uuid REFERENCES users (id),
  notes text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'completed') = (actual_date IS NOT NULL))
);
CREATE INDEX participant_visits_participant_idx ON participant_visits (participant_id, sequence);
-- The calendar reads a site's visits by date; the missed-visit sweep reads windows that closed.
CREATE INDEX participant_visits_calendar_idx ON participant_visits (study_site_id, target_date);
CREATE INDEX participant_visits_open_window_idx ON participant_visits (window_end) WHERE status = 'scheduled';
CREATE UNIQUE INDEX participant_visits_code_idx ON participant_visits (participant_id, code) WHERE kind <> 'unscheduled';

CREATE TABLE visit_procedure_results (
  visit_id uuid NOT NULL REFERENCES participant_visits (id),
  code text NOT NULL,
  name text NOT NULL,
  done boolean NOT NULL,
  not_done_reason text,
  PRIMARY KEY (visit_id, code),
  CHECK (done OR not_done_reason IS NOT NULL)
);

CREATE TABLE protocol_deviations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  participant_id uuid REFERENCES participants (id),
  visit_id uuid REFERENCES participant_visits (id),
  category text NOT NULL CHECK (category IN (
    'visit_out_of_window', 'missed_visit', 'superseded_consent', 'consent', 'eligibility', 'procedure', 'other'
  )),
  description text NOT NULL,
  detected text NOT NULL CHECK (detected IN ('automatic', 'manual')),
  -- The record it came from (a visit, a consent), for the automatic ones.
  source_entity_type text,
  source_entity_id uuid,
  occurred_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'assessed')),
  -- ICH E3(R1) Q&A: important deviations may affect data reliability or participant safety.
  importance text CHECK (importance IN ('important', 'not_important')),
  assessment text,
  assessed_by_user_id uuid REFERENCES users (id),
  assessed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX protocol_deviations_participant_idx ON protocol_deviations (participant_id);
CREATE INDEX protocol_deviations_study_site_idx ON protocol_deviations (study_site_id, status);
-- Detection runs more than once (each completion, each sweep): one deviation per finding.
CREATE UNIQUE INDEX protocol_deviations_finding_idx ON protocol_deviations (category, source_entity_id) WHERE detected = 'automatic';

-- A coordinator's iCalendar feed: the URL carries a secret whose hash is kept; revoking ends it.
CREATE TABLE calendar_feeds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  token_sha256 text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX calendar_feeds_user_idx ON calendar_feeds (user_id);

-- Messages to one user (an emergency unblinding, say), shown with the notification bell.
CREATE TABLE user_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  entity_type text,
  entity_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX user_notifications_user_idx ON user_notifications (user_id, created_at);

-- The enrollment funnel per study-site and day, kept by triggers in the same transaction as the
-- change, so the funnel over time reads a few hundred rows instead of scanning participants or
-- visits. Each column counts the participants whose corresponding date falls on that day.
CREATE TABLE enrollment_daily (
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  day date NOT NULL,
  study_id uuid NOT NULL REFERENCES studies (id),
  prescreened integer NOT NULL DEFAULT 0,
  screened integer NOT NULL DEFAULT 0,
  screen_failed integer NOT NULL DEFAULT 0,
  enrolled integer NOT NULL DEFAULT 0,
  completed integer NOT NULL DEFAULT 0,
  withdrawn integer NOT NULL DEFAULT 0,
  lost integer NOT NULL DEFAULT 0,
  -- Enrolled participants who completed, withdrew or were lost, on the day they left: active is
  -- enrolled minus these (a withdrawal during screening is withdrawn but never was active).
  left_after_enrollment integer NOT NULL DEFAULT 0,
  PRIMARY KEY (study_site_id, day)
);
CREATE INDEX enrollment_daily_study_idx ON enrollment_daily (study_id, day);

CREATE FUNCTION bump_enrollment_daily(p_study_site uuid, p_study uuid, p_day date, p_column text, p_delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_day IS NULL OR p_delta = 0 THEN RETURN; END IF;
  EXECUTE format(
    'INSERT INTO enrollment_daily (study_site_id, study_id, day, %1$I) VALUES ($1, $2, $3, $4)
     ON CONFLICT (study_site_id, day) DO UPDATE SET %1$I = enrollment_daily.%1$I + EXCLUDED.%1$I',
    p_column
  ) USING p_study_site, p_study, p_day, p_delta;
END;
$$;

CREATE FUNCTION participants_enrollment_daily() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pair record;
BEGIN
  FOR pair IN
    SELECT * FROM (VALUES
      ('screened', CASE WHEN TG_OP = 'UPDATE' THEN OLD.screened_on END, NEW.screened_on),
      ('screen_failed', CASE WHEN TG_OP = 'UPDATE' THEN OLD.screen_failed_on END, NEW.screen_failed_on),
      ('enrolled', CASE WHEN TG_OP = 'UPDATE' THEN OLD.enrolled_on END, NEW.enrolled_on),
      ('completed', CASE WHEN TG_OP = 'UPDATE' THEN OLD.completed_on END, NEW.completed_on),
      ('withdrawn', CASE WHEN TG_OP = 'UPDATE' THEN OLD.withdrawn_on END, NEW.withdrawn_on),
      ('lost', CASE WHEN TG_OP = 'UPDATE' THEN OLD.lost_on END, NEW.lost_on),
      ('left_after_enrollment',
        CASE WHEN TG_OP = 'UPDATE' AND OLD.enrolled_on IS NOT NULL THEN coalesce(OLD.completed_on, OLD.withdrawn_on, OLD.lost_on) END,
        CASE WHEN NEW.enrolled_on IS NOT NULL THEN coalesce(NEW.completed_on, NEW.withdrawn_on, NEW.lost_on) END)
    ) AS t (metric, old_day, new_day)
  LOOP
    IF pair.old_day IS DISTINCT FROM pair.new_day THEN
      PERFORM bump_enrollment_daily(NEW.study_site_id, NEW.study_id, pair.old_day, pair.metric, -1);
      PERFORM bump_enrollment_daily(NEW.study_site_id, NEW.study_id, pair.new_day, pair.metric, 1);
    END IF;
  END LOOP;
  RETURN NEW;
END;
$$;
CREATE TRIGGER participants_enrollment_daily AFTER INSERT OR UPDATE ON participants
  FOR EACH ROW EXECUTE FUNCTION participants_enrollment_daily();

CREATE FUNCTION prescreen_enrollment_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.prescreened_on IS NOT DISTINCT FROM NEW.prescreened_on THEN RETURN NEW; END IF;
  IF TG_OP = 'UPDATE' THEN
    PERFORM bump_enrollment_daily(OLD.study_site_id, OLD.study_id, OLD.prescreened_on, 'prescreened', -1);
  END IF;
  PERFORM bump_enrollment_daily(NEW.study_site_id, NEW.study_id, NEW.prescreened_on, 'prescreened', 1);
  RETURN NEW;
END;
$$;
CREATE TRIGGER prescreen_enrollment_daily AFTER INSERT OR UPDATE ON prescreen_candidates
  FOR EACH ROW EXECUTE FUNCTION prescreen_enrollment_daily();
