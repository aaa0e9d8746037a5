-- The home page's work lists (src/modules/worklist) read only what an index bounds.

-- Overdue visits and windows closing: still-scheduled visits by study-site and the last day
-- they can be done in window (the target day when the visit has no window).
CREATE INDEX participant_visits_last_day_idx ON participant_visits (study_site_id, (coalesce(window_end, target_date)))
  WHERE status = 'scheduled';

-- Documents waiting for review, or returned for a new version: few at any time, found without
-- reading every version.
CREATE INDEX document_versions_in_review_idx ON document_versions (review_status, document_id)
  WHERE review_status IN ('submitted', 'returned');
