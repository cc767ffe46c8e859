package planner

import (
	"context"
	"errors"

	"github.com/overlap/overlap/store"
)

// ResponsePolicy reads a team's response policy; the default when none is
// set (and then def is true). ErrNotFound when the team is not the org's.
func (p *Planner) ResponsePolicy(ctx context.Context, orgID, teamID string) (pol store.ResponsePolicy, def bool, err error) {
	pol, err = p.store.ResponsePolicy(ctx, orgID, teamID)
	if errors.Is(err, store.ErrNotSet) {
		return store.DefaultResponsePolicy(), true, nil
	}
	if err != nil {
		return store.DefaultResponsePolicy(), false, err
	}
	return pol, false, nil
}

// PutResponsePolicy replaces a team's response policy; ErrNotFound when the
// team is not the org's.
func (p *Planner) PutResponsePolicy(ctx context.Context, orgID, teamID string, pol store.ResponsePolicy) error {
	return p.store.PutResponsePolicy(ctx, orgID, teamID, pol)
}
