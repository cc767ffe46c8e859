-- +goose Up
-- A team's member list changes far less often than it is read: a counter
-- on the team, raised by every change to its places (a member added,
-- removed or made required or not; cascades included), lets a replica keep
-- the list it read and check, with one lookup per request, that it is
-- still the list (planner: teamPlaces).
ALTER TABLE teams ADD COLUMN members_version BIGINT NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE FUNCTION team_members_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE teams SET members_version = members_version + 1 WHERE id = OLD.team_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.team_id IS DISTINCT FROM OLD.team_id) THEN
        UPDATE teams SET members_version = members_version + 1 WHERE id = NEW.team_id;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER team_members_version
    AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION team_members_bump_version();

-- +goose Down
DROP TRIGGER team_members_version ON team_members;
DROP FUNCTION team_members_bump_version();
ALTER TABLE teams DROP COLUMN members_version;
