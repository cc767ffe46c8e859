-- +goose Up
-- A team's read needs each member's schedule and whether their calendars
-- are stale. The fields that say so (CalendarHealthOf's: ID, source,
-- refresh and feed intervals, last success, last error code) are kept on the
-- member's row too, one line a calendar, tab-separated:
--   id, source, refresh_interval, feed_interval, last_success_at ('' for
--   none), last_error_code
-- so that the read looks each member up once, not once in members and again
-- in calendars. Triggers keep the copy: every change to a calendar's row
-- that touches those fields rewrites its member's line set in the same
-- transaction.
ALTER TABLE members ADD COLUMN calendar_health TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE FUNCTION member_calendar_health(oid TEXT, mid TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(concat_ws(E'\t', id, source, refresh_interval, feed_interval,
               coalesce(last_success_at::text, ''), translate(last_error_code, E'\t\n', '  ')), E'\n' ORDER BY id), '')
    FROM calendars WHERE org_id = oid AND member_id = mid -- calendars_member
$$;
-- +goose StatementEnd

-- The member's row is locked before its lines are rebuilt: a change to
-- another of the member's calendars, committed while this one waited for
-- the lock, is then in the rebuilt lines (each statement of a READ
-- COMMITTED transaction sees what was committed before it started; reading
-- the calendars in the UPDATE that waited would use the snapshot from before
-- the wait, and lose that change). Lock order: calendar row, then member
-- row, as DeleteMember does (it locks the member's calendars first).
-- +goose StatementBegin
CREATE FUNCTION calendars_keep_member_health() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM 1 FROM members WHERE id = OLD.member_id FOR NO KEY UPDATE;
        UPDATE members SET calendar_health = member_calendar_health(OLD.org_id, OLD.member_id) WHERE id = OLD.member_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.org_id, NEW.member_id) IS DISTINCT FROM (OLD.org_id, OLD.member_id)) THEN
        PERFORM 1 FROM members WHERE id = NEW.member_id FOR NO KEY UPDATE;
        UPDATE members SET calendar_health = member_calendar_health(NEW.org_id, NEW.member_id) WHERE id = NEW.member_id;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER calendars_member_health
    AFTER INSERT OR DELETE OR UPDATE OF org_id, member_id, source, refresh_interval, feed_interval, last_success_at, last_error_code
    ON calendars FOR EACH ROW EXECUTE FUNCTION calendars_keep_member_health();

UPDATE members SET calendar_health = member_calendar_health(org_id, id);

-- +goose Down
DROP TRIGGER calendars_member_health ON calendars;
DROP FUNCTION calendars_keep_member_health();
DROP FUNCTION member_calendar_health(TEXT, TEXT);
ALTER TABLE members DROP COLUMN calendar_health;
