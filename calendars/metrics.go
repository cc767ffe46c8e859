package calendars

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Refresh outcomes, the values of the outcome label.
const (
	outcomeUpdated     = "updated"      // a new body was read and stored
	outcomeNotModified = "not_modified" // 304 or the same content
	outcomeReexpanded  = "reexpanded"   // the stored body read again (uploads, window roll)
	outcomeFailed      = "failed"       // fetch or parse failed; the previous data stays
)

// healthTTL is how long the stale and failing counts are reused between
// scrapes: one narrow read of the calendars table at most this often.
const healthTTL = 30 * time.Second

// importMetrics are the Prometheus series of calendar import. Each Importer has
// its own, registered by whoever owns the registry (see Collectors).
type importMetrics struct {
	refreshes *prometheus.CounterVec
	duration  prometheus.Histogram
	bytes     prometheus.Histogram
	stale     *prometheus.Desc
	failing   *prometheus.Desc

	mu             sync.Mutex
	at             time.Time
	nStale, nFail  float64
	healthDeadline time.Duration
}

func newImportMetrics() *importMetrics {
	m := &importMetrics{
		refreshes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "overlap_calendar_refreshes_total",
			Help: "Calendar refreshes by outcome: updated, not_modified, reexpanded or failed.",
		}, []string{"outcome"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "overlap_calendar_fetch_duration_seconds",
			Help:    "Time to fetch a subscribed calendar, failures included.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		bytes: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "overlap_calendar_fetch_bytes",
			Help:    "Size of fetched calendar bodies after decompression (304s not counted).",
			Buckets: prometheus.ExponentialBuckets(1024, 4, 8), // 1 KiB … 16 MiB
		}),
		stale:          prometheus.NewDesc("overlap_calendars_stale", "Calendars whose data can no longer be trusted (last success older than twice the refresh interval, or the last attempt failed).", nil, nil),
		failing:        prometheus.NewDesc("overlap_calendars_failing", "Calendars whose last refresh failed.", nil, nil),
		healthDeadline: 5 * time.Second,
	}
	// Every outcome is exported from the start, at 0, so that rate() and
	// alerts see a series before the first refresh of each kind.
	for _, o := range []string{outcomeUpdated, outcomeNotModified, outcomeReexpanded, outcomeFailed} {
		m.refreshes.WithLabelValues(o)
	}
	return m
}

// refreshed counts a refresh and lets the next scrape recount the stale
// and failing calendars, which it may have changed.
func (m *importMetrics) refreshed(outcome string) {
	m.refreshes.WithLabelValues(outcome).Inc()
	m.mu.Lock()
	m.at = time.Time{}
	m.mu.Unlock()
}

// Collectors returns the Prometheus collectors of calendar import: refresh
// counts, fetch duration and size, and the stale and failing calendars.
func (im *Importer) Collectors() []prometheus.Collector {
	return []prometheus.Collector{im.metrics.refreshes, im.metrics.duration, im.metrics.bytes, healthCollector{im}}
}

// healthCollector counts stale and failing calendars at scrape time, from a
// narrow read cached for healthTTL.
type healthCollector struct{ im *Importer }

func (h healthCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- h.im.metrics.stale
	ch <- h.im.metrics.failing
}

func (h healthCollector) Collect(ch chan<- prometheus.Metric) {
	m := h.im.metrics
	m.mu.Lock()
	defer m.mu.Unlock()
	now := h.im.now()
	if m.at.IsZero() || now.Sub(m.at) >= healthTTL {
		ctx, cancel := context.WithTimeout(context.Background(), m.healthDeadline)
		cals, err := h.im.cfg.Store.CalendarHealth(ctx)
		cancel()
		if err != nil {
			h.im.cfg.Log.Warn("count stale calendars", "error", err)
			ch <- prometheus.NewInvalidMetric(m.stale, err)
			return
		}
		m.nStale, m.nFail = 0, 0
		for _, c := range cals {
			if h.im.Stale(c, now) {
				m.nStale++
			}
			if c.LastErrorCode != "" {
				m.nFail++
			}
		}
		m.at = now
	}
	ch <- prometheus.MustNewConstMetric(m.stale, prometheus.GaugeValue, m.nStale)
	ch <- prometheus.MustNewConstMetric(m.failing, prometheus.GaugeValue, m.nFail)
}
