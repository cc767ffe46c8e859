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
-- transaction. (The same lines as PostgreSQL's member_calendar_health.)
ALTER TABLE members ADD COLUMN calendar_health TEXT NOT NULL DEFAULT '';

-- +goose StatementBegin
CREATE TRIGGER calendars_member_health_insert AFTER INSERT ON calendars
BEGIN
    UPDATE members SET calendar_health = coalesce((SELECT group_concat(line, char(10)) FROM (
        SELECT id || char(9) || source || char(9) || refresh_interval || char(9) || feed_interval || char(9) ||
               coalesce(last_success_at, '') || char(9) || replace(replace(last_error_code, char(9), ' '), char(10), ' ') AS line
        FROM calendars WHERE org_id = NEW.org_id AND member_id = NEW.member_id ORDER BY id)), '')
    WHERE id = NEW.member_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER calendars_member_health_update
AFTER UPDATE OF org_id, member_id, source, refresh_interval, feed_interval, last_success_at, last_error_code ON calendars
BEGIN
    UPDATE members SET calendar_health = coalesce((SELECT group_concat(line, char(10)) FROM (
        SELECT id || char(9) || source || char(9) || refresh_interval || char(9) || feed_interval || char(9) ||
               coalesce(last_success_at, '') || char(9) || replace(replace(last_error_code, char(9), ' '), char(10), ' ') AS line
        FROM calendars WHERE org_id = members.org_id AND member_id = members.id ORDER BY id)), '')
    WHERE id IN (OLD.member_id, NEW.member_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER calendars_member_health_delete AFTER DELETE ON calendars
BEGIN
    UPDATE members SET calendar_health = coalesce((SELECT group_concat(line, char(10)) FROM (
        SELECT id || char(9) || source || char(9) || refresh_interval || char(9) || feed_interval || char(9) ||
               coalesce(last_success_at, '') || char(9) || replace(replace(last_error_code, char(9), ' '), char(10), ' ') AS line
        FROM calendars WHERE org_id = OLD.org_id AND member_id = OLD.member_id ORDER BY id)), '')
    WHERE id = OLD.member_id;
END;
-- +goose StatementEnd

UPDATE members SET calendar_health = coalesce((SELECT group_concat(line, char(10)) FROM (
    SELECT c.id || char(9) || c.source || char(9) || c.refresh_interval || char(9) || c.feed_interval || char(9) ||
           coalesce(c.last_success_at, '') || char(9) || replace(replace(c.last_error_code, char(9), ' '), char(10), ' ') AS line
    FROM calendars AS c WHERE c.org_id = members.org_id AND c.member_id = members.id ORDER BY c.id)), '');

-- +goose Down
DROP TRIGGER calendars_member_health_delete;
DROP TRIGGER calendars_member_health_update;
DROP TRIGGER calendars_member_health_insert;
ALTER TABLE members DROP COLUMN calendar_health;
