-- The enrollment funnel (enrollment_daily) kept per statement instead of per row: the triggers of
-- 0008 ran up to fourteen dynamic upserts for each participant written, which made a set-based
-- import of thousands of participants pay thousands of statements. These read the statement's
-- transition tables and upsert each touched study-site and day once, with the same sums the
-- per-row triggers gave: for each column whose day changed, minus one on the old day and plus one
-- on the new day, on the participant's (new) study-site; a touched day keeps its row even when its
-- changes add up to nothing; deletes still change nothing. PostgreSQL allows transition tables
-- on single-event triggers only, hence one trigger for inserts and one for updates.

DROP TRIGGER participants_enrollment_daily ON participants;
DROP TRIGGER prescreen_enrollment_daily ON prescreen_candidates;
DROP FUNCTION participants_enrollment_daily();
DROP FUNCTION prescreen_enrollment_daily();
DROP FUNCTION bump_enrollment_daily(uuid, uuid, date, text, integer);

-- The days a participant counts on, column by column; `p` is null for the old side of an insert.
CREATE FUNCTION participant_funnel_days(p participants)
RETURNS TABLE (metric text, day date) LANGUAGE sql IMMUTABLE AS $$
  VALUES
    ('screened', p.screened_on),
    ('screen_failed', p.screen_failed_on),
    ('enrolled', p.enrolled_on),
    ('completed', p.completed_on),
    ('withdrawn', p.withdrawn_on),
    ('lost', p.lost_on),
    ('left_after_enrollment', CASE WHEN p.enrolled_on IS NOT NULL THEN coalesce(p.completed_on, p.withdrawn_on, p.lost_on) END)
$$;

CREATE FUNCTION participants_enrollment_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Static statements (plans kept per session); each branch reads only its trigger's tables.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enrollment_daily AS e
      (study_site_id, day, study_id, screened, screen_failed, enrolled, completed, withdrawn, lost, left_after_enrollment)
    SELECT n.study_site_id, d.day, (array_agg(n.study_id))[1],
      count(*) FILTER (WHERE d.metric = 'screened'),
      count(*) FILTER (WHERE d.metric = 'screen_failed'),
      count(*) FILTER (WHERE d.metric = 'enrolled'),
      count(*) FILTER (WHERE d.metric = 'completed'),
      count(*) FILTER (WHERE d.metric = 'withdrawn'),
      count(*) FILTER (WHERE d.metric = 'lost'),
      count(*) FILTER (WHERE d.metric = 'left_after_enrollment')
    FROM new_participants n
    CROSS JOIN LATERAL participant_funnel_days(n) AS d
    WHERE d.day IS NOT NULL
    GROUP BY n.study_site_id, d.day
    ON CONFLICT (study_site_id, day) DO UPDATE SET
      screened = e.screened + EXCLUDED.screened,
      screen_failed = e.screen_failed + EXCLUDED.screen_failed,
      enrolled = e.enrolled + EXCLUDED.enrolled,
      completed = e.completed + EXCLUDED.completed,
      withdrawn = e.withdrawn + EXCLUDED.withdrawn,
      lost = e.lost + EXCLUDED.lost,
      left_after_enrollment = e.left_after_enrollment + EXCLUDED.left_after_enrollment;
  ELSE
    INSERT INTO enrollment_daily AS e
      (study_site_id, day, study_id, screened, screen_failed, enrolled, completed, withdrawn, lost, left_after_enrollment)
    SELECT c.study_site_id, c.day, (array_agg(c.study_id))[1],
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'screened'), 0),
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'screen_failed'), 0),
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'enrolled'), 0),
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'completed'), 0),
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'withdrawn'), 0),
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'lost'), 0),
      coalesce(sum(c.delta) FILTER (WHERE c.metric = 'left_after_enrollment'), 0)
    FROM (
      SELECT n.study_site_id, n.study_id, nd.metric, side.day, side.delta
      FROM old_participants o
      JOIN new_participants n ON n.id = o.id
      CROSS JOIN LATERAL participant_funnel_days(o) AS od
      JOIN LATERAL participant_funnel_days(n) AS nd ON nd.metric = od.metric
      CROSS JOIN LATERAL (VALUES (od.day, -1), (nd.day, 1)) AS side (day, delta)
      WHERE od.day IS DISTINCT FROM nd.day AND side.day IS NOT NULL
    ) c
    GROUP BY c.study_site_id, c.day
    ON CONFLICT (study_site_id, day) DO UPDATE SET
      screened = e.screened + EXCLUDED.screened,
      screen_failed = e.screen_failed + EXCLUDED.screen_failed,
      enrolled = e.enrolled + EXCLUDED.enrolled,
      completed = e.completed + EXCLUDED.completed,
      withdrawn = e.withdrawn + EXCLUDED.withdrawn,
      lost = e.lost + EXCLUDED.lost,
      left_after_enrollment = e.left_after_enrollment + EXCLUDED.left_after_enrollment;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER participants_enrollment_daily_insert AFTER INSERT ON participants
  REFERENCING NEW TABLE AS new_participants
  FOR EACH STATEMENT EXECUTE FUNCTION participants_enrollment_daily();
CREATE TRIGGER participants_enrollment_daily_update AFTER UPDATE ON participants
  REFERENCING OLD TABLE AS old_participants NEW TABLE AS new_participants
  FOR EACH STATEMENT EXECUTE FUNCTION participants_enrollment_daily();

CREATE FUNCTION prescreen_enrollment_daily() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO enrollment_daily AS e (study_site_id, day, study_id, prescreened)
    SELECT n.study_site_id, n.prescreened_on, (array_agg(n.study_id))[1], count(*)
    FROM new_candidates n
    GROUP BY n.study_site_id, n.prescreened_on
    ON CONFLICT (study_site_id, day) DO UPDATE SET prescreened = e.prescreened + EXCLUDED.prescreened;
  ELSE
    -- As before: a moved day leaves the old study-site's day and joins the new one's.
    INSERT INTO enrollment_daily AS e (study_site_id, day, study_id, prescreened)
    SELECT c.study_site_id, c.day, (array_agg(c.study_id))[1], sum(c.delta)
    FROM (
      SELECT o.study_site_id, o.study_id, o.prescreened_on AS day, -1 AS delta
      FROM old_candidates o JOIN new_candidates n ON n.id = o.id
      WHERE o.prescreened_on IS DISTINCT FROM n.prescreened_on
      UNION ALL
      SELECT n.study_site_id, n.study_id, n.prescreened_on, 1
      FROM old_candidates o JOIN new_candidates n ON n.id = o.id
      WHERE o.prescreened_on IS DISTINCT FROM n.prescreened_on
    ) c
    GROUP BY c.study_site_id, c.day
    ON CONFLICT (study_site_id, day) DO UPDATE SET prescreened = e.prescreened + EXCLUDED.prescreened;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER prescreen_enrollment_daily_insert AFTER INSERT ON prescreen_candidates
  REFERENCING NEW TABLE AS new_candidates
  FOR EACH STATEMENT EXECUTE FUNCTION prescreen_enrollment_daily();
CREATE TRIGGER prescreen_enrollment_daily_update AFTER UPDATE ON prescreen_candidates
  REFERENCING OLD TABLE AS old_candidates NEW TABLE AS new_candidates
  FOR EACH STATEMENT EXECUTE FUNCTION prescreen_enrollment_daily();
