package ical

// budget is the work one Expand may do, shared by every component, rule and
// VTIMEZONE observance of the calendar, and spent while generating, so that no
// single input (a BYxxx product, a sub-daily observance, thousands of rules)
// can do unbounded work before a limit applies. One unit is about one candidate
// instant examined, one instance generated, one time zone onset computed, one
// day tested against a rule, or one content line read.
//
// The error is sticky: once the budget is spent, every later spend fails
// cheaply and generators stop, and the expander returns the error at its next
// check. Code that cannot return an error (zone offsets) spends all the same.
type budget struct {
	left int64
	err  error
}

func newBudget(n int) *budget { return &budget{left: int64(n)} }

// spend takes n units and reports whether the budget still holds. A nil budget
// is unlimited (internal tests that drive iterators directly).
func (b *budget) spend(n int64) bool {
	if b == nil {
		return true
	}
	if b.left -= n; b.left < 0 {
		if b.err == nil {
			b.err = &ParseError{Err: ErrWorkBudget}
		}
		return false
	}
	return true
}

// exhaust spends what is left: the input is hostile beyond doubt.
func (b *budget) exhaust() {
	if b != nil {
		b.spend(b.left + 1)
	}
}

// failed returns the sticky error, or nil while the budget holds.
func (b *budget) failed() error {
	if b == nil {
		return nil
	}
	return b.err
}
