-- Data entry (issue 12, item 2): one form entry per participant visit and CRF form, and the
-- current value of each item in it. A form with no entry row is "not started". History is the
-- audit trail (one row per changed value, with old and new value and the reason), not a table.
-- The later items of the issue build on these rows: edit checks and queries point at a value
-- (crf_item_values.id), SDV and data-manager review flag values and forms, sign-off and lock
-- hold a form entry; their columns come with them.
CREATE TABLE crf_form_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_visit_id uuid NOT NULL REFERENCES participant_visits (id),
  participant_id uuid NOT NULL REFERENCES participants (id),
  -- Copied from the participant so a site's or study's forms are read without joins.
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  study_id uuid NOT NULL REFERENCES studies (id),
  -- No cascade: a form that holds data keeps its definition (forms are frozen once data exists).
  crf_form_id uuid NOT NULL REFERENCES crf_forms (id),
  form_oid text NOT NULL,
  -- draft: kept without the required-item check; saved: complete, every later change needs a reason.
  status text NOT NULL CHECK (status IN ('draft', 'saved')),
  first_saved_at timestamptz,
  first_saved_by_user_id uuid REFERENCES users (id),
  last_changed_at timestamptz NOT NULL,
  last_changed_by_user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'saved') <= (first_saved_at IS NOT NULL)),
  UNIQUE (participant_visit_id, crf_form_id)
);
CREATE INDEX crf_form_entries_participant_idx ON crf_form_entries (participant_id);
-- A site's forms by status: lists and worklists read this, never the values.
CREATE INDEX crf_form_entries_site_status_idx ON crf_form_entries (study_site_id, status);
CREATE INDEX crf_form_entries_form_idx ON crf_form_entries (crf_form_id);

-- An item's current value as ODM text (the same string ClinicalData export writes), in an item
-- group and, for a repeating group, its row (repeat_key, from 1). A cleared value has no row.
CREATE TABLE crf_item_values (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_entry_id uuid NOT NULL REFERENCES crf_form_entries (id),
  item_group_oid text NOT NULL,
  repeat_key integer NOT NULL DEFAULT 1 CHECK (repeat_key >= 1),
  item_oid text NOT NULL,
  crf_item_id uuid NOT NULL REFERENCES crf_items (id),
  value text NOT NULL,
  measurement_unit_oid text,
  version integer NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL,
  changed_by_user_id uuid REFERENCES users (id),
  UNIQUE (form_entry_id, item_group_oid, repeat_key, item_oid)
);
CREATE INDEX crf_item_values_item_idx ON crf_item_values (crf_item_id);

-- Forms per study-site and status, kept in the same transaction as the entries (as
-- enrollment_daily is), so dashboards read a handful of rows whatever the number of forms.
CREATE TABLE crf_form_status_counts (
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  status text NOT NULL,
  study_id uuid NOT NULL REFERENCES studies (id),
  forms integer NOT NULL,
  PRIMARY KEY (study_site_id, status)
);

CREATE FUNCTION crf_form_status_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE crf_form_status_counts SET forms = forms - 1
      WHERE study_site_id = OLD.study_site_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO crf_form_status_counts AS c (study_site_id, status, study_id, forms)
      VALUES (NEW.study_site_id, NEW.status, NEW.study_id, 1)
      ON CONFLICT (study_site_id, status) DO UPDATE SET forms = c.forms + 1;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER crf_form_entries_status_count AFTER INSERT OR DELETE ON crf_form_entries
  FOR EACH ROW EXECUTE FUNCTION crf_form_status_count();
CREATE TRIGGER crf_form_entries_status_change_count AFTER UPDATE OF status ON crf_form_entries
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION crf_form_status_count();
