-- Feasibility and site selection: questionnaires per study, invitations to candidate sites,
-- the sites' answers, and the selection decision recorded on the invitation.

-- A questionnaire is edited as a draft and frozen once sent: the questions the sites answered
-- must stay the questions on record (ICH E6(R3) 3.6: the selection rationale is documented).
-- A change after sending makes a new questionnaire that names the one it supersedes.
CREATE TABLE feasibility_questionnaires (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  title text NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  supersedes_id uuid REFERENCES feasibility_questionnaires (id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
  sent_at timestamptz,
  questions jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feasibility_questionnaires_study_idx ON feasibility_questionnaires (study_id, created_at);

-- One questionnaire sent to one study-site; the sponsor's decision is recorded here.
CREATE TABLE feasibility_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES feasibility_questionnaires (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  sent_by uuid REFERENCES users (id),
  decision text CHECK (decision IN ('select', 'reject')),
  decision_reason text,
  decided_at timestamptz,
  decided_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (questionnaire_id, study_site_id)
);
CREATE INDEX feasibility_invitations_study_site_idx ON feasibility_invitations (study_site_id);

-- The site's answers, apart from the invitation so that the site's edits and the sponsor's
-- decision never contend for one version. Answers are a map of question id to value.
CREATE TABLE feasibility_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invitation_id uuid NOT NULL UNIQUE REFERENCES feasibility_invitations (id),
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  submitted_at timestamptz,
  submitted_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
