package planner

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/overlap/overlap/store"
)

// ResponsePolicy reads a team's response policy; the default when none is
// set (and then def is true). ErrNotFound when the team is not the org's.
func (p *Planner) ResponsePolicy(ctx context.Context, orgID, teamID string) (pol store.ResponsePolicy, def bool, err error) {
	raw, err := p.store.TeamSetting(ctx, orgID, teamID, store.SettingResponsePolicy)
	if err != nil || raw == nil {
		return store.DefaultResponsePolicy(), true, err
	}
	if err := json.Unmarshal(raw, &pol); err != nil {
		return pol, false, fmt.Errorf("team %s: response policy: %w", teamID, err)
	}
	return pol, false, nil
}
