-- +goose Up
-- Real message exchanges, to compare answers with expectations. expected_by
-- is computed when the exchange is recorded, from the policy then in force.
CREATE TABLE exchanges (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    team_id     TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    from_member TEXT NOT NULL,
    to_member   TEXT NOT NULL,
    priority    TEXT NOT NULL CHECK (priority IN ('urgent', 'normal', 'low')),
    sent_at     BIGINT NOT NULL,
    answered_at BIGINT,
    expected_by BIGINT,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX exchanges_team ON exchanges (org_id, team_id, sent_at);

-- +goose Down
DROP TABLE exchanges;
