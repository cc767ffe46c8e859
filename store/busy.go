package store

import "github.com/overlap/overlap/scheduler"

// Busy interval kinds: how a stored interval blocks its member's time
// (BusyInterval.Kind). The calendar importer writes them; busypack stores a
// kind as its index in BusyKinds.
const (
	BusyKindBusy      = "busy"
	BusyKindTentative = "tentative" // maybe busy
	BusyKindOOF       = "oof"       // out of office
	BusyKindHoliday   = "holiday"   // an event of a holidays calendar
	BusyKindTimeOff   = "time_off"  // an event of a time-off calendar
)

// BusyKinds lists the busy interval kinds; the order is part of the packed
// storage format (busypack) and only ever grows at the end.
var BusyKinds = [...]string{BusyKindBusy, BusyKindTentative, BusyKindOOF, BusyKindHoliday, BusyKindTimeOff}

// BusyStatus is the scheduler status of a stored interval kind; unknown
// kinds count as busy.
func BusyStatus(kind string) scheduler.Status {
	switch kind {
	case BusyKindTentative:
		return scheduler.StatusTentative
	case BusyKindOOF:
		return scheduler.StatusOOF
	case BusyKindHoliday:
		return scheduler.StatusHoliday
	case BusyKindTimeOff:
		return scheduler.StatusTimeOff
	}
	return scheduler.StatusBusy
}
