-- A protocol version's CRF metadata, imported from a CDISC ODM 1.3.2 MetaDataVersion: the study
-- events and the forms they hold, item groups, items, code lists, measurement units and
-- conditions. Forms are versioned with the protocol version: one metadata version per protocol
-- version, replaced whole while the protocol version is a draft, frozen once it is final.
-- OIDs are the file's own identifiers, unique within one metadata version; texts in several
-- languages are jsonb objects keyed by the xml:lang of each TranslatedText ('' when it has none).
CREATE TABLE crf_metadata_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  protocol_version_id uuid NOT NULL UNIQUE REFERENCES protocol_versions (id),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_oid text NOT NULL,
  oid text NOT NULL,
  name text NOT NULL,
  description text,
  -- The language a question falls back to when the one asked for is missing.
  default_language text NOT NULL,
  languages jsonb NOT NULL,
  file_name text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  imported_at timestamptz NOT NULL,
  imported_by_user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crf_measurement_units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  oid text NOT NULL,
  name text NOT NULL,
  symbol jsonb NOT NULL,
  UNIQUE (metadata_version_id, oid)
);

CREATE TABLE crf_code_lists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  oid text NOT NULL,
  name text NOT NULL,
  data_type text NOT NULL,
  UNIQUE (metadata_version_id, oid)
);

-- A CodeListItem (coded value and translated decode) or an EnumeratedItem (no decode: {}).
CREATE TABLE crf_code_list_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code_list_id uuid NOT NULL REFERENCES crf_code_lists (id) ON DELETE CASCADE,
  coded_value text NOT NULL,
  decode jsonb NOT NULL,
  sequence integer NOT NULL,
  UNIQUE (code_list_id, coded_value)
);

-- Conditions (ConditionDef) and derivations (MethodDef) are stored as written, in the language
-- their FormalExpression names (Context), to be evaluated by data entry later; never run here.
CREATE TABLE crf_conditions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('condition', 'method')),
  oid text NOT NULL,
  name text NOT NULL,
  description jsonb NOT NULL,
  expression_context text,
  expression text,
  UNIQUE (metadata_version_id, kind, oid)
);

-- A study event and the protocol visit it is collected at (by visit code; null: not mapped).
CREATE TABLE crf_study_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  oid text NOT NULL,
  name text NOT NULL,
  repeating boolean NOT NULL,
  type text NOT NULL CHECK (type IN ('Scheduled', 'Unscheduled', 'Common')),
  category text,
  -- Order in the file's Protocol (StudyEventRef OrderNumber), else in the file.
  sequence integer NOT NULL,
  mandatory boolean NOT NULL,
  visit_code text,
  -- How the visit was found: the event's OID or name equals a visit's code or name, or a person set it.
  mapped_by text CHECK (mapped_by IN ('oid', 'name', 'manual')),
  CHECK ((visit_code IS NULL) = (mapped_by IS NULL)),
  UNIQUE (metadata_version_id, oid)
);

CREATE TABLE crf_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  oid text NOT NULL,
  name text NOT NULL,
  repeating boolean NOT NULL,
  description jsonb NOT NULL,
  UNIQUE (metadata_version_id, oid)
);

CREATE TABLE crf_event_forms (
  study_event_id uuid NOT NULL REFERENCES crf_study_events (id) ON DELETE CASCADE,
  form_id uuid NOT NULL REFERENCES crf_forms (id) ON DELETE CASCADE,
  sequence integer NOT NULL,
  mandatory boolean NOT NULL,
  collection_exception_condition_oid text,
  PRIMARY KEY (study_event_id, form_id)
);

CREATE TABLE crf_item_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  oid text NOT NULL,
  name text NOT NULL,
  -- A repeating group is a log (adverse events, concomitant medications): several rows per form.
  repeating boolean NOT NULL,
  description jsonb NOT NULL,
  UNIQUE (metadata_version_id, oid)
);

CREATE TABLE crf_form_item_groups (
  form_id uuid NOT NULL REFERENCES crf_forms (id) ON DELETE CASCADE,
  item_group_id uuid NOT NULL REFERENCES crf_item_groups (id) ON DELETE CASCADE,
  sequence integer NOT NULL,
  mandatory boolean NOT NULL,
  collection_exception_condition_oid text,
  PRIMARY KEY (form_id, item_group_id)
);

-- range_checks: [{comparator, softHard, checkValues, measurementUnitOid, formalExpression, errorMessage}],
-- what edit checks will evaluate at save (a hard check refuses a value, a soft one opens a query).
CREATE TABLE crf_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  oid text NOT NULL,
  name text NOT NULL,
  data_type text NOT NULL,
  length integer,
  significant_digits integer,
  question jsonb NOT NULL,
  description jsonb NOT NULL,
  code_list_id uuid REFERENCES crf_code_lists (id) ON DELETE CASCADE,
  measurement_unit_oids jsonb NOT NULL,
  range_checks jsonb NOT NULL,
  UNIQUE (metadata_version_id, oid)
);

CREATE TABLE crf_item_group_items (
  item_group_id uuid NOT NULL REFERENCES crf_item_groups (id) ON DELETE CASCADE,
  item_id uuid NOT NULL REFERENCES crf_items (id) ON DELETE CASCADE,
  sequence integer NOT NULL,
  mandatory boolean NOT NULL,
  collection_exception_condition_oid text,
  method_oid text,
  PRIMARY KEY (item_group_id, item_id)
);

CREATE INDEX crf_event_forms_form_idx ON crf_event_forms (form_id);
CREATE INDEX crf_form_item_groups_group_idx ON crf_form_item_groups (item_group_id);
CREATE INDEX crf_item_group_items_item_idx ON crf_item_group_items (item_id);
CREATE INDEX crf_code_list_items_list_idx ON crf_code_list_items (code_list_id, sequence);
CREATE INDEX crf_items_code_list_idx ON crf_items (code_list_id);

-- The forms of a final protocol version are what sites collect: the API answers 409; this
-- refuses a change from any other path too. Every import and mapping change writes this row.
CREATE FUNCTION crf_metadata_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data record;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF EXISTS (SELECT 1 FROM protocol_versions WHERE id = row_data.protocol_version_id AND status = 'final') THEN
    RAISE EXCEPTION 'protocol version % is final: its CRF metadata cannot change', row_data.protocol_version_id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER crf_metadata_versions_frozen BEFORE INSERT OR UPDATE OR DELETE ON crf_metadata_versions
  FOR EACH ROW EXECUTE FUNCTION crf_metadata_frozen();
