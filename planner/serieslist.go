package planner

import (
	"context"

	"github.com/overlap/overlap/store"
)

// ListSeries lists a team's meeting series by ID, without their plans, so a
// lost series ID can be found again. ErrNotFound for another org's team.
func (p *Planner) ListSeries(ctx context.Context, orgID, teamID string, page store.Page) ([]store.SeriesSummary, error) {
	return p.store.ListMeetingSeries(ctx, orgID, teamID, page)
}
