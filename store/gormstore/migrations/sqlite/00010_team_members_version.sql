-- +goose Up
-- A team's member list changes far less often than it is read: a counter
-- on the team, raised by every change to its places (a member added,
-- removed or made required or not; cascades included), lets a replica keep
-- the list it read and check, with one lookup per request, that it is
-- still the list (planner: teamPlaces).
ALTER TABLE teams ADD COLUMN members_version INTEGER NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE TRIGGER team_members_version_insert AFTER INSERT ON team_members
BEGIN
    UPDATE teams SET members_version = members_version + 1 WHERE id = NEW.team_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER team_members_version_update AFTER UPDATE ON team_members
BEGIN
    UPDATE teams SET members_version = members_version + 1 WHERE id IN (OLD.team_id, NEW.team_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER team_members_version_delete AFTER DELETE ON team_members
BEGIN
    UPDATE teams SET members_version = members_version + 1 WHERE id = OLD.team_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER team_members_version_delete;
DROP TRIGGER team_members_version_update;
DROP TRIGGER team_members_version_insert;
ALTER TABLE teams DROP COLUMN members_version;
