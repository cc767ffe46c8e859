package publish

import (
	"bytes"
	"testing"
	"time"
)

// FuzzWrite asserts that no summary or calendar name, however hostile, breaks
// the feed's structure: see checkFeed for the properties.
func FuzzWrite(f *testing.F) {
	for _, s := range injections {
		// Short seeds keep the mutator fast; TestWriteInjection has the long ones.
		s = s[:min(len(s), 200)]
		f.Add(s, s)
	}
	f.Add("Standup", "Team\r\nBEGIN:VEVENT")
	f.Fuzz(func(t *testing.T, summary, name string) {
		c := Calendar{
			Name: name, Description: summary, Refresh: time.Hour, Stamp: stamp,
			Events: []Event{
				{UID: "b@overlap", Start: at(11, 10, 0), End: at(11, 11, 0), Summary: "fixed", Transparent: true},
				{UID: "a@overlap", Start: at(11, 9, 0), End: at(11, 10, 0), Summary: summary, Description: name, Categories: []string{summary, name}, Sequence: 1},
			},
		}
		var buf bytes.Buffer
		if err := Write(&buf, c); err != nil {
			t.Fatalf("user text made Write fail: %v", err)
		}
		checkFeed(t, buf.Bytes(), c)
	})
}
