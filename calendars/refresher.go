package calendars

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/overlap/overlap/store"
)

// LeaseStore is the storage the Refresher needs besides the Importer's.
type LeaseStore interface {
	LeaseDueCalendars(ctx context.Context, now time.Time, owner string, limit int, lease time.Duration) ([]store.Calendar, error)
}

// RefresherConfig configures the Refresher. Zero fields take the defaults.
type RefresherConfig struct {
	Store LeaseStore
	Log   *slog.Logger // default: the Importer's

	Workers int           // concurrent refreshes: 4
	Poll    time.Duration // how often due calendars are looked for: 15 s
	Lease   time.Duration // how long a replica holds a calendar: 2 min
	Owner   string        // lease owner name: host, pid and a random suffix
}

// Refresher refreshes subscribed calendars in the background when they are
// due, through its Importer. Several replicas may run one against the same
// database: each leases the rows it works on, so a calendar is fetched once.
type Refresher struct {
	imp *Importer
	cfg RefresherConfig
}

// NewRefresher returns a Refresher that refreshes through imp.
func NewRefresher(imp *Importer, cfg RefresherConfig) *Refresher {
	if cfg.Poll <= 0 {
		cfg.Poll = 15 * time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Log == nil {
		cfg.Log = imp.cfg.Log
	}
	if cfg.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		cfg.Owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	return &Refresher{imp: imp, cfg: cfg}
}

// Run refreshes due calendars until ctx is done, with at most Workers
// refreshes at once. Several replicas may run it against one PostgreSQL: each
// leases the rows it works on. It returns when every refresh it started has
// ended.
func (r *Refresher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, r.cfg.Workers)
	tick := time.NewTicker(r.cfg.Poll)
	defer tick.Stop()
	for {
		r.dispatch(ctx, slots, &wg)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// dispatch leases as many due calendars as there are free workers.
func (r *Refresher) dispatch(ctx context.Context, slots chan struct{}, wg *sync.WaitGroup) {
	free := cap(slots) - len(slots)
	if free == 0 || ctx.Err() != nil {
		return
	}
	cals, err := r.cfg.Store.LeaseDueCalendars(ctx, r.imp.now(), r.cfg.Owner, free, r.cfg.Lease)
	if err != nil {
		if ctx.Err() == nil {
			r.cfg.Log.Error("lease due calendars", "error", err)
		}
		return
	}
	for _, c := range cals {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			rctx, cancel := context.WithTimeout(ctx, r.cfg.Lease)
			defer cancel()
			if err := r.imp.refresh(rctx, c, r.cfg.Owner); err != nil && ctx.Err() == nil {
				r.cfg.Log.Error("refresh calendar", "calendar_id", c.ID, "error", err)
			}
		}()
	}
}
