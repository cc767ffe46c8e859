package gormstore

import "time"

type orgRow struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

func (orgRow) TableName() string { return "orgs" }

type tokenRow struct {
	ID         string
	OrgID      string
	Name       string
	Role       string
	Hash       []byte
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (tokenRow) TableName() string { return "tokens" }

type memberRow struct {
	ID            string
	OrgID         string
	Name          string
	Email         *string
	Timezone      string
	WorkingHours  string
	ZoneOverrides string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (memberRow) TableName() string { return "members" }

type timeOffRow struct {
	ID        string
	OrgID     string
	MemberID  string
	StartAt   int64
	EndAt     int64
	AllDay    bool
	StartDate string
	EndDate   string
	Reason    string
	CreatedAt time.Time
}

func (timeOffRow) TableName() string { return "time_off" }

type teamRow struct {
	ID          string
	OrgID       string
	Name        string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (teamRow) TableName() string { return "teams" }

type teamMemberRow struct {
	TeamID   string
	MemberID string
	Required bool
	AddedAt  time.Time
}

func (teamMemberRow) TableName() string { return "team_members" }
