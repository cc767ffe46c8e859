-- +goose Up
-- A member's calendar: a subscribed URL refreshed in the background, or an
-- uploaded file. Instants are Unix seconds (UTC).
CREATE TABLE calendars (
    id                 TEXT PRIMARY KEY,
    org_id             TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    member_id          TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name               TEXT NOT NULL DEFAULT '',
    kind               TEXT NOT NULL CHECK (kind IN ('busy', 'holidays', 'time_off')),
    source             TEXT NOT NULL CHECK (source IN ('url', 'upload')),
    url                TEXT NOT NULL DEFAULT '',
    refresh_interval   INTEGER NOT NULL DEFAULT 0,   -- seconds asked for by the user; 0 = from the feed
    feed_interval      INTEGER NOT NULL DEFAULT 0,   -- seconds from REFRESH-INTERVAL / X-PUBLISHED-TTL
    etag               TEXT NOT NULL DEFAULT '',
    last_modified      TEXT NOT NULL DEFAULT '',
    content_hash       TEXT NOT NULL DEFAULT '',
    last_attempt_at    INTEGER,
    last_success_at    INTEGER,
    last_error_code    TEXT NOT NULL DEFAULT '',
    last_error_message TEXT NOT NULL DEFAULT '',
    failures           INTEGER NOT NULL DEFAULT 0,
    next_refresh_at    INTEGER,
    lease_owner        TEXT NOT NULL DEFAULT '',
    lease_until        INTEGER NOT NULL DEFAULT 0,
    event_count        INTEGER NOT NULL DEFAULT 0,
    interval_count     INTEGER NOT NULL DEFAULT 0,
    warnings           TEXT NOT NULL DEFAULT '[]',
    window_start       INTEGER NOT NULL DEFAULT 0,
    window_end         INTEGER NOT NULL DEFAULT 0,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE INDEX calendars_member ON calendars (org_id, member_id, id);
CREATE INDEX calendars_due ON calendars (next_refresh_at);

-- The last good body of each calendar, stripped to times, rules and UIDs (no
-- summaries, descriptions, attendees, locations or URLs) and gzip-compressed:
-- windows roll forward from it when a feed answers 304 for a long time, and
-- uploads re-expand.
CREATE TABLE calendar_bodies (
    calendar_id TEXT PRIMARY KEY REFERENCES calendars(id) ON DELETE CASCADE,
    body        BLOB NOT NULL
);

-- One row per busy occurrence, whole (not clipped to the stored window).
CREATE TABLE busy_intervals (
    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    start_at    INTEGER NOT NULL,
    end_at      INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    uid         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX busy_intervals_member ON busy_intervals (org_id, member_id, start_at, end_at);
CREATE INDEX busy_intervals_calendar ON busy_intervals (calendar_id);

-- +goose Down
DROP TABLE busy_intervals;
DROP TABLE calendar_bodies;
DROP TABLE calendars;
