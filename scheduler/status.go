package scheduler

import (
	"fmt"
	"slices"
	"time"
)

// Status says whether a member is available, or why not.
type Status string

// Statuses. Every status but StatusAvailable is also a block reason.
const (
	StatusAvailable    Status = "available"
	StatusTimeOff      Status = "time_off"
	StatusHoliday      Status = "holiday"
	StatusOOF          Status = "oof"
	StatusOutsideHours Status = "outside_hours"
	StatusBusy         Status = "busy"
	StatusTentative    Status = "tentative"
)

// precedence lists the reasons from strongest to weakest; see Precedence.
var precedence = [...]Status{
	StatusTimeOff, StatusHoliday, StatusOOF, StatusOutsideHours, StatusBusy, StatusTentative,
}

// Precedence returns the reasons from strongest to weakest. When several
// reasons cover an instant its status is the strongest: deliberate absences
// (time off, holidays, out of office) explain more than the working hours
// they fall in, and working hours explain more than meetings, which could be
// moved.
func Precedence() []Status { return slices.Clone(precedence[:]) }

// Ranks index precedence.
const (
	outsideRank   = 3
	tentativeRank = 5
	numRanks      = 6
)

// rankByLen maps a reason's length to its rank (-1: none). The reasons'
// lengths differ, so a lookup and one comparison identify a reason, without
// the mispredicted branches of a switch over random reasons.
var rankByLen = [14]int8{-1, -1, -1, 2, 4, -1, -1, 1, 0, tentativeRank, -1, -1, -1, outsideRank}

// rankOf returns a reason's index in precedence.
func rankOf(s Status) (int, bool) {
	if len(s) >= len(rankByLen) {
		return 0, false
	}
	r := int(rankByLen[len(s)])
	return max(r, 0), r >= 0 && precedence[r] == s
}

// Block is a span in which a member is not available, for Reason (one of the
// Precedence statuses).
type Block struct {
	Start, End time.Time
	Reason     Status
}

// Member is a team member: working hours, blocks from calendars and absences,
// and whether every meeting needs them. Results name members by ID, so IDs
// should be unique.
type Member struct {
	ID       string
	Schedule Schedule
	Blocks   []Block
	Required bool
}

// blockError describes a block that cannot be used.
func blockError(id string, k int, b Block, msg string) error {
	return fmt.Errorf("%w: member %q block %d (%s–%s): %s", ErrInvalidBlock, id, k,
		b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339), msg)
}
