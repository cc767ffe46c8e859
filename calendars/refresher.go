package calendars

import (
	"context"
	"sync"
	"time"
)

// Run refreshes due calendars until ctx is done, with at most Workers
// refreshes at once. Several replicas may run it against one PostgreSQL: each
// leases the rows it works on. It returns when every refresh it started has
// ended.
func (f *Feeds) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, f.cfg.Workers)
	tick := time.NewTicker(f.cfg.Poll)
	defer tick.Stop()
	for {
		f.dispatch(ctx, slots, &wg)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// dispatch leases as many due calendars as there are free workers.
func (f *Feeds) dispatch(ctx context.Context, slots chan struct{}, wg *sync.WaitGroup) {
	free := cap(slots) - len(slots)
	if free == 0 || ctx.Err() != nil {
		return
	}
	cals, err := f.cfg.Store.LeaseDueCalendars(ctx, f.now(), f.cfg.Owner, free, f.cfg.Lease)
	if err != nil {
		if ctx.Err() == nil {
			f.cfg.Log.Error("lease due calendars", "error", err)
		}
		return
	}
	for _, c := range cals {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			rctx, cancel := context.WithTimeout(ctx, f.cfg.Lease)
			defer cancel()
			if err := f.refresh(rctx, c, f.cfg.Owner); err != nil && ctx.Err() == nil {
				f.cfg.Log.Error("refresh calendar", "calendar_id", c.ID, "error", err)
			}
		}()
	}
}
