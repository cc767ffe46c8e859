package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/overlap/overlap/calendars/ical"
)

// expand prints the busy intervals of a calendar file, one "START END UID"
// line each in UTC, sorted; warnings go to stderr.
func expandCmd(_ context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("expand", flag.ContinueOnError)
	from := fs.String("from", "", "first local day of the window, YYYY-MM-DD (required)")
	to := fs.String("to", "", "local day after the window, YYYY-MM-DD (required)")
	tz := fs.String("tz", "UTC", "the member's IANA zone: all-day events and floating times are read in it")
	kind := fs.String("kind", "busy", "busy, holidays or time_off")
	// Accept the file before or after the flags.
	var file string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		file, args = args[0], args[1:]
	}
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	switch {
	case file == "":
		return usagef("expand", fs, "missing the calendar file")
	case *from == "" || *to == "":
		return usagef("expand", fs, "--from and --to are required")
	}
	for _, d := range []struct{ flag, value string }{{"--from", *from}, {"--to", *to}} {
		if _, err := time.Parse(time.DateOnly, d.value); err != nil {
			return usagef("expand", fs, "%s %q: want YYYY-MM-DD, e.g. 2027-01-11", d.flag, d.value)
		}
	}
	if *from >= *to {
		return usagef("expand", fs, "--to %s must be after --from %s", *to, *from)
	}
	data, err := readLimited(file, ical.DefaultLimits().MaxBytes)
	if err != nil {
		return err
	}
	res, err := ical.ExpandDates(data, *from, *to, *tz, ical.CalendarKind(*kind))
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s: %s\n", w.Code, w.Message)
	}
	return ical.WriteBusyLines(stdout, res.Busy)
}

// readLimited reads a file, refusing one larger than max bytes.
func readLimited(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > max {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, max)
	}
	return data, nil
}
