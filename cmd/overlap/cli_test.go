package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// cli runs the command line as main would and returns the exit status and
// what a person sees on each stream.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"OVERLAP_DATA_DIR": t.TempDir()}
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	if err != nil {
		errb.WriteString("overlap: " + err.Error() + "\n") // as main prints it
	}
	return exitCode(err), out.String(), errb.String()
}

func TestHelpListsTheCommands(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errs := cli(t, args...)
		if code != 0 || errs != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
		}
		for _, c := range commands {
			if !strings.Contains(out, "\n  "+c.name+" ") {
				t.Errorf("%v does not list %s:\n%s", args, c.name, out)
			}
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			code, out, errs := cli(t, args...)
			if code != 0 || errs != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
			if !strings.HasPrefix(out, "usage: overlap "+c.name) && (c.name != "help" || !strings.Contains(out, "commands:")) {
				t.Errorf("%v printed %q", args, out)
			}
		}
	}
}

func TestBadCommandLines(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the message, exactly once
	}{
		{"unknown flag", []string{"serve", "--bogus"}, "flag provided but not defined: -bogus"},
		{"unknown flag of migrate", []string{"migrate", "--bogus"}, "flag provided but not defined: -bogus"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"help for an unknown command", []string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{"token without create", []string{"token"}, "missing subcommand: want create"},
		{"date in another format", []string{"expand", "testdata/quirks.ics", "--from", "12/01/2026", "--to", "2027-01-01"}, `--from "12/01/2026": want YYYY-MM-DD`},
		{"end date in another format", []string{"expand", "testdata/quirks.ics", "--from", "2026-12-01", "--to", "1 Jan 2027"}, `--to "1 Jan 2027": want YYYY-MM-DD`},
		{"end before start", []string{"expand", "testdata/quirks.ics", "--from", "2027-01-01", "--to", "2026-12-01"}, "must be after --from"},
		{"no file", []string{"expand", "--from", "2026-12-01", "--to", "2027-01-01"}, "missing the calendar file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := cli(t, tt.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", code, errs)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if n := strings.Count(errs, tt.want); n != 1 {
				t.Errorf("stderr mentions %q %d times:\n%s", tt.want, n, errs)
			}
			if n := strings.Count(errs, "usage: overlap"); n != 1 && !strings.Contains(tt.name, "unknown command") {
				t.Errorf("stderr shows the usage %d times:\n%s", n, errs)
			}
		})
	}
}

func TestRuntimeErrorsExitOne(t *testing.T) {
	code, _, errs := cli(t, "expand", "testdata/missing.ics", "--from", "2024-01-01", "--to", "2025-01-01")
	if code != 1 || !strings.Contains(errs, "missing.ics") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}
