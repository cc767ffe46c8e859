-- +goose Up
-- Recurring meetings with a fair rotation: the spec they were asked with and
-- the last computed plan, both documents read and replaced whole.
CREATE TABLE meeting_series (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    team_id    TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    spec       TEXT NOT NULL,
    plan       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX meeting_series_team ON meeting_series (org_id, team_id, id);

-- A series can be published; its feeds go when it goes.
ALTER TABLE feeds ADD COLUMN series_id TEXT REFERENCES meeting_series(id) ON DELETE CASCADE;
ALTER TABLE feeds DROP CONSTRAINT feeds_kind_check;
ALTER TABLE feeds ADD CONSTRAINT feeds_kind_check
    CHECK (kind IN ('team_overlap', 'member_availability', 'member_busy', 'team_on_call', 'meeting_series'));

-- +goose Down
DELETE FROM feeds WHERE kind = 'meeting_series';
ALTER TABLE feeds DROP CONSTRAINT feeds_kind_check;
ALTER TABLE feeds ADD CONSTRAINT feeds_kind_check
    CHECK (kind IN ('team_overlap', 'member_availability', 'member_busy', 'team_on_call'));
ALTER TABLE feeds DROP COLUMN series_id;
DROP TABLE meeting_series;
