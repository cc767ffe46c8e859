package planner

import (
	"context"
	"slices"
	"time"

	"github.com/overlap/overlap/store"
)

// Attendee is one member of an ad-hoc group and whether they must attend.
type Attendee struct {
	ID       string
	Required bool
}

// Group loads an ad-hoc set of the org's members for [from, to), in the
// order a team holding them would use (by ID), so that a team and a group of
// the same members give the same answers. It returns the IDs that are not
// the org's members (the group is then not loaded).
func (p *Planner) Group(ctx context.Context, orgID string, attendees []Attendee, from, to time.Time) (*Input, []string, error) {
	required := make(map[string]bool, len(attendees))
	ids := make([]string, 0, len(attendees))
	for _, a := range attendees {
		if _, dup := required[a.ID]; !dup {
			ids = append(ids, a.ID)
		}
		required[a.ID] = required[a.ID] || a.Required
	}
	slices.Sort(ids)
	members, cals, err := p.store.MemberSchedules(ctx, orgID, ids)
	if err != nil {
		return nil, nil, err
	}
	if len(members) != len(ids) {
		found := make(map[string]bool, len(members))
		for _, m := range members {
			found[m.ID] = true
		}
		var missing []string
		for _, id := range ids {
			if !found[id] {
				missing = append(missing, id)
			}
		}
		return nil, missing, nil
	}
	in, err := p.build(ctx, orgID, ids, func(context.Context) ([]store.Member, []store.Calendar, error) { return members, cals, nil },
		required, from, to)
	return in, nil, err
}

// Required counts the members who must attend.
func (in *Input) Required() int {
	n := 0
	for _, m := range in.Members {
		if m.Required {
			n++
		}
	}
	return n
}
