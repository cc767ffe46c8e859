package store

import "github.com/overlap/overlap/scheduler"

// BusyStatus is the scheduler status of a stored interval kind; unknown
// kinds count as busy.
func BusyStatus(kind string) scheduler.Status {
	switch kind {
	case "tentative":
		return scheduler.StatusTentative
	case "oof":
		return scheduler.StatusOOF
	case "holiday":
		return scheduler.StatusHoliday
	case "time_off":
		return scheduler.StatusTimeOff
	}
	return scheduler.StatusBusy
}
