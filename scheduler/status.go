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

// Absence reports whether s is a deliberate absence: time off, a holiday or
// out of office (see Away).
func (s Status) Absence() bool {
	r, ok := rankOf(s)
	return ok && r < outsideRank
}

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

// Busy is a block in compact form, for the bulk of a member's blocks (their
// calendars' busy time): whole Unix seconds and a reason code in 16 bytes
// without pointers, where a Block takes 64 that the garbage collector scans.
type Busy struct {
	Start  int64  // Unix seconds
	Length uint32 // seconds
	Reason ReasonCode
}

// ReasonCode is a block reason as its index in Precedence.
type ReasonCode uint8

// Code returns the code of a reason; ok is false for a status that is not
// a block reason.
func Code(s Status) (c ReasonCode, ok bool) {
	r, ok := rankOf(s)
	return ReasonCode(r), ok
}

// Status is the reason of a code; "" for an unknown code.
func (c ReasonCode) Status() Status {
	if int(c) >= numRanks {
		return ""
	}
	return precedence[c]
}

// Block is b as a Block.
func (b Busy) Block() Block {
	return Block{time.Unix(b.Start, 0).UTC(), time.Unix(b.Start+int64(b.Length), 0).UTC(), b.Reason.Status()}
}

// Member is a team member: working hours, blocks from calendars and absences,
// and whether every meeting needs them. Results name members by ID, so IDs
// should be unique.
type Member struct {
	ID       string
	Schedule Schedule
	// The member's blocks are Blocks and Busy together, in no particular
	// order; Busy holds them in compact form (calendars' busy time).
	Blocks   []Block
	Busy     []Busy
	Required bool
}

// KeepBlocks returns m with only the blocks whose reason keep accepts.
func (m Member) KeepBlocks(keep func(Status) bool) Member {
	blocks, busy := m.Blocks, m.Busy
	m.Blocks, m.Busy = nil, nil
	for _, b := range blocks {
		if keep(b.Reason) {
			m.Blocks = append(m.Blocks, b)
		}
	}
	for _, b := range busy {
		if keep(b.Reason.Status()) {
			m.Busy = append(m.Busy, b)
		}
	}
	return m
}

// blockError describes a block that cannot be used.
func blockError(id string, k int, b Block, msg string) error {
	return fmt.Errorf("%w: member %q block %d (%s–%s): %s", ErrInvalidBlock, id, k,
		b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339), msg)
}
