package ical

// Civil (proleptic Gregorian) date arithmetic on plain integers.
//
// The expander works in "wall seconds": the seconds since 1970-01-01T00:00:00 of a
// wall-clock reading taken as if it were UTC. Wall seconds of a zoned time become an
// instant only through zone.toUTC; keeping them as int64 avoids time.Date calls (and
// their normalisation work) in the recurrence hot loops.

const secondsPerDay = 86400

// daysFromCivil returns the day number (days since 1970-01-01) of y-m-d.
// Algorithm from Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// weekdayOf returns the ISO weekday of a day number: 0 = Monday … 6 = Sunday.
func weekdayOf(day int64) int {
	// 1970-01-01 was a Thursday (3).
	w := (day + 3) % 7
	if w < 0 {
		w += 7
	}
	return int(w)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func yearLen(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func monthLen(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return monthDays[m]
}

// floorDiv divides rounding towards negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// wallOf builds wall seconds from civil fields.
func wallOf(y, mo, d, h, mi, s int) int64 {
	return daysFromCivil(y, mo, d)*secondsPerDay + int64(h*3600+mi*60+s)
}

// dayOfWall returns the day number of wall seconds.
func dayOfWall(w int64) int64 { return floorDiv(w, secondsPerDay) }

// splitWall returns the civil fields of wall seconds.
func splitWall(w int64) (y, mo, d, h, mi, s int) {
	day := dayOfWall(w)
	y, mo, d = civilFromDays(day)
	sec := int(w - day*secondsPerDay)
	return y, mo, d, sec / 3600, sec / 60 % 60, sec % 60
}

// weekOneStart returns the day number on which week 1 of week-year y starts, for
// weeks starting on wkst (0 = Monday): the first week with at least four days in y.
func weekOneStart(y, wkst int) int64 {
	jan1 := daysFromCivil(y, 1, 1)
	back := (weekdayOf(jan1) - wkst + 7) % 7 // days of that week before Jan 1
	start := jan1 - int64(back)
	if back > 3 {
		start += 7
	}
	return start
}

// weekYearOf returns the week-year (per wkst) that day belongs to.
func weekYearOf(day int64, wkst int) int {
	y, _, _ := civilFromDays(day)
	if day >= weekOneStart(y+1, wkst) {
		return y + 1
	}
	if day < weekOneStart(y, wkst) {
		return y - 1
	}
	return y
}
