-- +goose Up
-- Per-team settings stored as documents: the response policy and the
-- on-call schedule. Both are read whole and replaced whole.
CREATE TABLE team_settings (
    team_id    TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (name IN ('response_policy', 'on_call')),
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (team_id, name)
);

-- +goose Down
DROP TABLE team_settings;
