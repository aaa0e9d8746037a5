-- Foundation: organizations, people, access, studies, sites and the audit trail.
-- Nothing here may need a PostgreSQL newer than 15 (production target), though the
-- embedded database is PostgreSQL 18.

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sponsor', 'cro', 'smo', 'site', 'vendor')),
  country text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  full_name text NOT NULL,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  password_hash text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organization_idx ON users (organization_id);

-- A grant gives a role at one scope. 'platform' is only for the platform admin role.
CREATE TABLE grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL,
  scope_type text NOT NULL CHECK (scope_type IN ('platform', 'organization', 'study', 'site', 'study_site')),
  scope_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope_type = 'platform') = (scope_id IS NULL))
);
CREATE UNIQUE INDEX grants_unique_key ON grants (user_id, role, scope_type, coalesce(scope_id, '00000000-0000-0000-0000-000000000000'));
CREATE INDEX grants_scope_idx ON grants (scope_type, scope_id);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE studies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sponsor_org_id uuid NOT NULL REFERENCES organizations (id),
  cro_org_id uuid REFERENCES organizations (id),
  protocol_number text NOT NULL,
  title text NOT NULL,
  short_name text NOT NULL,
  phase text NOT NULL,
  therapeutic_area text,
  indication text,
  status text NOT NULL,
  enrollment_target integer,
  planned_sites integer,
  planned_fpi_date date,
  planned_lpi_date date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX studies_protocol_key ON studies (sponsor_org_id, lower(protocol_number));
CREATE INDEX studies_cro_idx ON studies (cro_org_id);
CREATE INDEX studies_short_name_idx ON studies (lower(short_name), id);

CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  name text NOT NULL,
  address_line text,
  city text,
  postal_code text,
  country text NOT NULL,
  time_zone text NOT NULL,
  principal_investigator text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_organization_idx ON sites (organization_id);
CREATE INDEX sites_name_idx ON sites (lower(name), id);

CREATE TABLE study_sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  site_id uuid NOT NULL REFERENCES sites (id),
  site_number text NOT NULL,
  status text NOT NULL,
  target_enrollment integer,
  activation_date date,
  smo_org_id uuid REFERENCES organizations (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (study_id, site_id),
  UNIQUE (study_id, site_number)
);
CREATE INDEX study_sites_site_idx ON study_sites (site_id);
CREATE INDEX study_sites_smo_idx ON study_sites (smo_org_id);

-- 21 CFR 11.10(e), EU Annex 11 §9: an append-only, hash-chained audit trail.
CREATE TABLE audit_events (
  seq bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_label text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  action text NOT NULL,
  changes jsonb NOT NULL,
  reason text,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, seq);

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
