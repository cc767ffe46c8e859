package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestExpandCommand runs `overlap expand` on the synthetic quirks file and
// compares its output with the corpus' expectation.
func TestExpandCommand(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"expand", "testdata/quirks.ics", "--from", "2024-01-01", "--to", "2024-06-01", "--tz", "America/New_York"}
	if err := run(context.Background(), args, os.Getenv, &out, &errb); err != nil {
		t.Fatalf("expand: %v\n%s", err, errb.String())
	}
	want, err := os.ReadFile("testdata/quirks.busy.txt")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out.String()) != strings.TrimSpace(string(want)) {
		t.Fatalf("expand output:\n%s\nwant:\n%s", out.String(), want)
	}
	for _, bad := range [][]string{
		{"expand", "testdata/quirks.ics"},
		{"expand", "testdata/missing.ics", "--from", "2024-01-01", "--to", "2025-01-01"},
		{"expand", "testdata/quirks.ics", "--from", "2024-01-01", "--to", "2025-01-01", "--tz", "Mars/Olympus"},
	} {
		if err := run(context.Background(), bad, os.Getenv, &out, &errb); err == nil {
			t.Errorf("run %v succeeded", bad)
		}
	}
}
