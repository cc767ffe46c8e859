-- +goose Up
-- Published iCal subscriptions. The token is the only credential: only its
-- SHA-256 is stored.
CREATE TABLE feeds (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('team_overlap', 'member_availability', 'member_busy', 'team_on_call')),
    team_id          TEXT REFERENCES teams(id) ON DELETE CASCADE,
    member_id        TEXT REFERENCES members(id) ON DELETE CASCADE,
    options          TEXT NOT NULL DEFAULT '{}',
    token_hash       BLOB NOT NULL UNIQUE,
    created_at       DATETIME NOT NULL,
    rotated_at       DATETIME,
    last_accessed_at DATETIME
);
CREATE INDEX feeds_org_id ON feeds (org_id, id);

-- +goose Down
DROP TABLE feeds;
