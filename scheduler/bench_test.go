package scheduler

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchZones spread members over many offsets, including half- and
// three-quarter-hour ones and both hemispheres' DST.
var benchZones = []string{
	"America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
	"America/Sao_Paulo", "America/St_Johns", "Europe/London", "Europe/Berlin",
	"Europe/Helsinki", "Europe/Moscow", "Asia/Dubai", "Asia/Kolkata", "Asia/Kathmandu",
	"Asia/Shanghai", "Asia/Tokyo", "Australia/Adelaide", "Australia/Sydney",
	"Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham", "Africa/Lagos", "UTC",
}

var benchFrom = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

const benchDays = 90

// benchTeam builds n members with office hours in their zones and about 20
// sorted blocks a week inside those hours.
func benchTeam(tb testing.TB, n int) []Member {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	locs := make([]*time.Location, len(benchZones))
	for i, z := range benchZones {
		locs[i] = zone(tb, z)
	}
	reasons := []Status{StatusBusy, StatusBusy, StatusBusy, StatusBusy, StatusTentative, StatusOOF}
	out := make([]Member, n)
	for i := range out {
		loc := locs[rng.IntN(len(locs))]
		start := TimeOfDay(7*60 + 30*rng.IntN(7))
		day := Range{start, start + TimeOfDay(480+30*rng.IntN(3))}
		m := Member{ID: fmt.Sprintf("member-%05d", i), Required: i == 0,
			Schedule: Schedule{Loc: loc, Weekly: on(day, 1, 2, 3, 4, 5)}}
		for d := range benchDays {
			date := benchFrom.AddDate(0, 0, d)
			if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			for range 4 {
				min := int(start) + 15*rng.IntN(30)
				s := time.Date(date.Year(), date.Month(), date.Day(), min/60, min%60, 0, 0, loc)
				m.Blocks = append(m.Blocks, Block{s, s.Add(time.Duration(30*(1+rng.IntN(3))) * time.Minute),
					reasons[rng.IntN(len(reasons))]})
			}
		}
		sortBlocks(m.Blocks)
		out[i] = m
	}
	return out
}

func sortBlocks(v []Block) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j].Start.Before(v[j-1].Start); j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

var benchSizes = []int{10, 100, 1000, 10000}

func BenchmarkOverlap(b *testing.B) {
	to := benchFrom.AddDate(0, 0, benchDays)
	for _, n := range benchSizes {
		ms := benchTeam(b, n)
		for _, q := range []struct {
			name   string
			quorum int
		}{{"all", 0}, {"tenth", max(n/10, 1)}} {
			b.Run(fmt.Sprintf("members=%d/quorum=%s", n, q.name), func(b *testing.B) {
				opts := OverlapOptions{MinDuration: 30 * time.Minute, Quorum: q.quorum}
				b.ReportAllocs()
				var wins int
				for b.Loop() {
					w, err := Overlap(ms, benchFrom, to, opts)
					if err != nil {
						b.Fatal(err)
					}
					wins = len(w)
				}
				b.ReportMetric(float64(wins), "windows")
			})
		}
	}
}

func BenchmarkSuggest(b *testing.B) {
	to := benchFrom.AddDate(0, 0, benchDays)
	for _, n := range benchSizes {
		ms := benchTeam(b, n)
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			opts := SuggestOptions{Duration: time.Hour, Limit: 5}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Suggest(ms, benchFrom, to, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
