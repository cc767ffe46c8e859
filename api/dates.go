package api

import "github.com/overlap/overlap/scheduler"

// dateInRange reports whether d lies within the dates a request may carry
// (minStartDate–maxStartDate, those of on-call start dates); outside it, the
// UTC instants a date becomes are no longer RFC 3339 years or the scheduler's
// tables end. It adds a validation error naming field when it does not.
func dateInRange(v *ValidationError, field string, d scheduler.Date) bool {
	if d.Before(minStartDate) || maxStartDate.Before(d) {
		v.add(field, "must be from %s to %s", minStartDate, maxStartDate)
		return false
	}
	return true
}
