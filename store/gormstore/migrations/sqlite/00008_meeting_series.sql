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
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX meeting_series_team ON meeting_series (org_id, team_id, id);

-- A series can be published; its feeds go when it goes. SQLite cannot alter
-- a CHECK constraint, so the feeds table is rebuilt (nothing references it).
CREATE TABLE feeds_new (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('team_overlap', 'member_availability', 'member_busy', 'team_on_call', 'meeting_series')),
    team_id          TEXT REFERENCES teams(id) ON DELETE CASCADE,
    member_id        TEXT REFERENCES members(id) ON DELETE CASCADE,
    series_id        TEXT REFERENCES meeting_series(id) ON DELETE CASCADE,
    options          TEXT NOT NULL DEFAULT '{}',
    token_hash       BLOB NOT NULL UNIQUE,
    created_at       DATETIME NOT NULL,
    rotated_at       DATETIME,
    last_accessed_at DATETIME
);
INSERT INTO feeds_new (id, org_id, kind, team_id, member_id, options, token_hash, created_at, rotated_at, last_accessed_at)
    SELECT id, org_id, kind, team_id, member_id, options, token_hash, created_at, rotated_at, last_accessed_at FROM feeds;
DROP TABLE feeds;
ALTER TABLE feeds_new RENAME TO feeds;
CREATE INDEX feeds_org_id ON feeds (org_id, id);

-- +goose Down
CREATE TABLE feeds_old (
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
INSERT INTO feeds_old (id, org_id, kind, team_id, member_id, options, token_hash, created_at, rotated_at, last_accessed_at)
    SELECT id, org_id, kind, team_id, member_id, options, token_hash, created_at, rotated_at, last_accessed_at FROM feeds
    WHERE kind <> 'meeting_series';
DROP TABLE feeds;
ALTER TABLE feeds_old RENAME TO feeds;
CREATE INDEX feeds_org_id ON feeds (org_id, id);
DROP TABLE meeting_series;
