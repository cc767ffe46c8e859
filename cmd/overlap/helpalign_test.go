package main

import (
	"strings"
	"testing"
)

// TestHelpSummariesLineUp: the command summaries of `overlap --help` start
// in one column ("healthcheck", longer than the column, pushed its summary
// one place right of the others).
func TestHelpSummariesLineUp(t *testing.T) {
	_, out, _ := cli(t, "--help")
	col := -1
	for _, c := range commands {
		for _, l := range strings.Split(out, "\n") {
			if !strings.HasPrefix(l, "  "+c.name+" ") {
				continue
			}
			at := len(l) - len(strings.TrimLeft(l[2+len(c.name):], " "))
			if col == -1 {
				col = at
			} else if at != col {
				t.Errorf("%q: summary at column %d, others at %d", l, at, col)
			}
		}
	}
}
