package api

import (
	"fmt"
	"time"

	"github.com/overlap/overlap/scheduler"
)

// RangeDTO is one working range, "HH:MM" local times; an end at or before
// the start runs past midnight.
type RangeDTO struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// WorkingHoursDTO is the weekly working hours on the wire.
type WorkingHoursDTO struct {
	Mon []RangeDTO `json:"mon"`
	Tue []RangeDTO `json:"tue"`
	Wed []RangeDTO `json:"wed"`
	Thu []RangeDTO `json:"thu"`
	Fri []RangeDTO `json:"fri"`
	Sat []RangeDTO `json:"sat"`
	Sun []RangeDTO `json:"sun"`
}

var dayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func (w *WorkingHoursDTO) days() [7]*[]RangeDTO {
	return [7]*[]RangeDTO{&w.Sun, &w.Mon, &w.Tue, &w.Wed, &w.Thu, &w.Fri, &w.Sat}
}

func workingHoursDTO(w scheduler.WeeklyHours) WorkingHoursDTO {
	var out WorkingHoursDTO
	for d, p := range out.days() {
		*p = make([]RangeDTO, 0, len(w[d]))
		for _, r := range w[d] {
			*p = append(*p, RangeDTO{Start: r.Start.String(), End: r.End.String()})
		}
	}
	return out
}

// toWeekly validates and converts working hours, naming each field at fault.
func (w *WorkingHoursDTO) toWeekly(v *ValidationError, field string) scheduler.WeeklyHours {
	var out scheduler.WeeklyHours
	before := len(v.Errors)
	for d, p := range w.days() {
		if len(*p) > 12 {
			v.add(fmt.Sprintf("%s.%s", field, dayKeys[d]), "at most 12 ranges per day")
			continue
		}
		for i, r := range *p {
			f := fmt.Sprintf("%s.%s[%d]", field, dayKeys[d], i)
			start, err := scheduler.ParseTimeOfDay(r.Start)
			if err != nil || start == 1440 {
				v.add(f+".start", "must be a time HH:MM from 00:00 to 23:59")
			}
			end, err := scheduler.ParseTimeOfDay(r.End)
			if err != nil {
				v.add(f+".end", "must be a time HH:MM from 00:00 to 24:00")
			}
			out[d] = append(out[d], scheduler.Range{Start: start, End: end})
		}
	}
	if len(v.Errors) > before {
		return out
	}
	if err := out.Validate(); err != nil {
		if he, ok := err.(*scheduler.HoursError); ok {
			v.add(fmt.Sprintf("%s.%s[%d]", field, dayKeys[he.Day], he.Index), "%s", he.Msg)
		} else {
			v.add(field, "%s", err.Error())
		}
	}
	return out
}

// ZoneOverrideDTO reads working hours in another zone on the dates From..To.
type ZoneOverrideDTO struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Timezone string `json:"timezone"`
}

func weekdayName(d time.Weekday) string { return dayKeys[d] }
