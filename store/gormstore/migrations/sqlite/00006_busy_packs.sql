-- +goose Up
-- Busy time stored in the shape it is read: one row per calendar and 30-day
-- bucket (bucket = floor(start / 2592000)) holding its intervals packed, not
-- one row per interval. The format is store/busypack's: spans are 9 bytes an
-- interval (start − previous start, or − the bucket's base for the first, and
-- end − start, as big-endian uint32, then a kind code: 0 busy, 1 tentative,
-- 2 oof, 3 holiday, 4 time_off), sorted by start then end; uids are, in the
-- same order, a big-endian uint32 byte length and the UID's UTF-8 bytes.
-- max_end lets a read skip packs that end before the range it asks.
CREATE TABLE busy_packs (
    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    bucket      INTEGER NOT NULL,
    max_end     INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    spans       BLOB NOT NULL,
    uids        BLOB NOT NULL,
    PRIMARY KEY (calendar_id, bucket)
);
-- The team read: member by member, the buckets up to the range's end.
CREATE INDEX busy_packs_member ON busy_packs (org_id, member_id, bucket, max_end);

INSERT INTO busy_packs (calendar_id, org_id, member_id, bucket, max_end, n, spans, uids)
SELECT calendar_id, min(org_id), min(member_id), bucket, max(end_at), count(*),
       unhex(group_concat(printf('%08X%08X%s', start_at - prev, end_at - start_at, code), '' ORDER BY rn)),
       unhex(group_concat(printf('%08X', length(CAST(uid AS BLOB))) || hex(uid), '' ORDER BY rn))
FROM (
    SELECT calendar_id, org_id, member_id, start_at, end_at, uid, bucket,
           coalesce(lag(start_at) OVER w, bucket * 2592000) AS prev,
           row_number() OVER w AS rn,
           CASE kind WHEN 'tentative' THEN '01' WHEN 'oof' THEN '02' WHEN 'holiday' THEN '03'
                     WHEN 'time_off' THEN '04' ELSE '00' END AS code
    FROM (SELECT *, (start_at - (((start_at % 2592000) + 2592000) % 2592000)) / 2592000 AS bucket
          FROM busy_intervals WHERE end_at >= start_at AND end_at - start_at < 4294967296) AS b
    WINDOW w AS (PARTITION BY calendar_id, bucket ORDER BY start_at, end_at, kind, uid)
) AS o
GROUP BY calendar_id, bucket;

DROP TABLE busy_intervals;

-- +goose Down
-- The packs are not unpacked in SQL: the per-interval table comes back empty
-- and every calendar is re-read on its next refresh.
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
DROP TABLE busy_packs;
UPDATE calendars SET etag = '', last_modified = '', content_hash = '', next_refresh_at = 0;
