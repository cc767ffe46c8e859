package gormstore

import (
	"encoding/json"
	"sync"

	"github.com/overlap/overlap/scheduler"
)

// Most members share a few working-hour patterns, and a team read decodes
// them for every member: decoded patterns are kept by their JSON text (at
// most hoursCacheMax of them) and each member gets its own copy.
const hoursCacheMax = 4096

var hoursCache struct {
	sync.RWMutex
	m map[string]scheduler.WeeklyHours
}

// sharedHours decodes working hours from their JSON text like decodeHours,
// but returns the kept pattern itself, not a copy: for reads whose results
// are only read (MemberSchedules). Looking the text up does not allocate.
func sharedHours(b []byte) (scheduler.WeeklyHours, error) {
	hoursCache.RLock()
	w, ok := hoursCache.m[string(b)]
	hoursCache.RUnlock()
	if ok {
		return w, nil
	}
	return decodeHours(string(b))
}

// decodeHours decodes a member's working hours, as json.Unmarshal would.
func decodeHours(s string) (scheduler.WeeklyHours, error) {
	hoursCache.RLock()
	w, ok := hoursCache.m[s]
	hoursCache.RUnlock()
	if ok {
		return cloneHours(w), nil
	}
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		return w, err
	}
	hoursCache.Lock()
	if hoursCache.m == nil {
		hoursCache.m = map[string]scheduler.WeeklyHours{}
	}
	if len(hoursCache.m) < hoursCacheMax {
		hoursCache.m[s] = cloneHours(w)
	}
	hoursCache.Unlock()
	return w, nil
}

// cloneHours copies w into one backing array, keeping nil days nil.
func cloneHours(w scheduler.WeeklyHours) scheduler.WeeklyHours {
	n := 0
	for _, d := range w {
		n += len(d)
	}
	all := make([]scheduler.Range, 0, n)
	var out scheduler.WeeklyHours
	for i, d := range w {
		if d == nil {
			continue
		}
		a := len(all)
		all = append(all, d...)
		out[i] = all[a:len(all):len(all)]
	}
	return out
}
