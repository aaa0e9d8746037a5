-- Data clarification queries (issue 12, item 4): a question about a participant's data, raised by
-- a CRA or data manager or opened by an edit check, answered by the site, closed by whoever
-- raised it (or by the check when the value is corrected), re-opened when the answer does not
-- settle it. A query names what it is about by the ODM address of the data: the participant, and
-- optionally the visit and form (FormOID), and the item (ItemGroupOID, repeat key, ItemOID). An
-- address, not a row id: a query on an item stays on it when the value is cleared and entered again.
CREATE TABLE data_queries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  study_id uuid NOT NULL REFERENCES studies (id),
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  participant_id uuid NOT NULL REFERENCES participants (id),
  participant_visit_id uuid REFERENCES participant_visits (id),
  form_oid text,
  item_group_oid text,
  repeat_key integer CHECK (repeat_key >= 1),
  item_oid text,
  -- participant: about the casebook as a whole; form: a visit's form; item: one value.
  scope text NOT NULL CHECK (scope IN ('participant', 'form', 'item')),
  origin text NOT NULL CHECK (origin IN ('manual', 'edit_check')),
  -- The edit check that opened it (a range check or a rule's OID): one open query per item and check.
  check_key text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  text text NOT NULL,
  assignee_user_id uuid REFERENCES users (id),
  due_on date,
  opened_at timestamptz NOT NULL,
  opened_by_user_id uuid REFERENCES users (id),
  answered_at timestamptz,
  closed_at timestamptz,
  closed_by_user_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'participant') = (participant_visit_id IS NULL AND form_oid IS NULL)),
  CHECK (scope = 'participant' OR (participant_visit_id IS NOT NULL AND form_oid IS NOT NULL)),
  CHECK ((scope = 'item') = (item_oid IS NOT NULL AND item_group_oid IS NOT NULL AND repeat_key IS NOT NULL)),
  CHECK ((origin = 'edit_check') = (check_key IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
-- The site's inbox: its open and answered queries, oldest first.
CREATE INDEX data_queries_inbox_idx ON data_queries (study_site_id, status, opened_at);
CREATE INDEX data_queries_participant_idx ON data_queries (participant_id, participant_visit_id, form_oid);
CREATE INDEX data_queries_assignee_idx ON data_queries (assignee_user_id, status) WHERE assignee_user_id IS NOT NULL;
CREATE UNIQUE INDEX data_queries_open_check_idx ON data_queries (participant_visit_id, form_oid, item_group_oid, repeat_key, item_oid, check_key)
  WHERE origin = 'edit_check' AND status <> 'closed';

-- The conversation: the question, each answer, the closing note, each re-opening.
CREATE TABLE data_query_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  query_id uuid NOT NULL REFERENCES data_queries (id),
  kind text NOT NULL CHECK (kind IN ('question', 'answer', 'close', 'reopen')),
  text text NOT NULL,
  author_user_id uuid REFERENCES users (id),
  author_label text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX data_query_messages_query_idx ON data_query_messages (query_id, created_at);

-- Queries per study-site and status, kept in the same transaction as the queries (as
-- enrollment_daily is): a study's or site's counts read a handful of rows however many queries.
CREATE TABLE data_query_counts (
  study_site_id uuid NOT NULL REFERENCES study_sites (id),
  status text NOT NULL,
  study_id uuid NOT NULL REFERENCES studies (id),
  queries integer NOT NULL,
  PRIMARY KEY (study_site_id, status)
);
CREATE INDEX data_query_counts_study_idx ON data_query_counts (study_id);

CREATE FUNCTION data_query_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE data_query_counts SET queries = queries - 1 WHERE study_site_id = OLD.study_site_id AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO data_query_counts AS c (study_site_id, status, study_id, queries)
      VALUES (NEW.study_site_id, NEW.status, NEW.study_id, 1)
      ON CONFLICT (study_site_id, status) DO UPDATE SET queries = c.queries + 1;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER data_queries_count AFTER INSERT OR DELETE ON data_queries
  FOR EACH ROW EXECUTE FUNCTION data_query_count();
CREATE TRIGGER data_queries_status_count AFTER UPDATE OF status ON data_queries
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION data_query_count();
