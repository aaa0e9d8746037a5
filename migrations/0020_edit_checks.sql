-- Cross-item edit checks (issue 12, item 3): rules written in CEL against the item values of a
-- form or participant, kept with the CRF metadata version of a protocol version. A rule fires
-- when its expression is true; hard rules refuse the value at save, soft ones open a query on
-- the items in item_oids. Range checks stay on crf_items.range_checks (migration 0017).
CREATE TABLE edit_check_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metadata_version_id uuid NOT NULL REFERENCES crf_metadata_versions (id) ON DELETE CASCADE,
  study_id uuid NOT NULL REFERENCES studies (id),
  oid text NOT NULL,
  name text NOT NULL,
  expression text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('hard', 'soft')),
  message text NOT NULL,
  -- The items a failure is about (the item a query is opened on): item OIDs, at least one.
  item_oids jsonb NOT NULL,
  -- [{name, values: {itemOid: value}, expected: 'fires' | 'passes'}]: the rule's own tests.
  test_cases jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (metadata_version_id, oid)
);

CREATE INDEX edit_check_rules_study_idx ON edit_check_rules (study_id);

-- Rules are part of the forms sites collect with: frozen with the protocol version once it is
-- final, from any path (the API answers 409 first).
CREATE FUNCTION edit_check_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data record;
BEGIN
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF EXISTS (
    SELECT 1 FROM crf_metadata_versions m JOIN protocol_versions p ON p.id = m.protocol_version_id
    WHERE m.id = row_data.metadata_version_id AND p.status = 'final'
  ) THEN
    RAISE EXCEPTION 'the protocol version of CRF metadata % is final: its edit checks cannot change', row_data.metadata_version_id;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER edit_check_rules_frozen BEFORE INSERT OR UPDATE OR DELETE ON edit_check_rules
  FOR EACH ROW EXECUTE FUNCTION edit_check_rules_frozen();
