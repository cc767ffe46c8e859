package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestWalkthrough runs docs/walkthrough.sh against a real server on a fresh
// SQLite directory, with the admin token the server printed, and checks
// README.md against it: every line of the walkthrough's sh blocks is a line
// of the script, and its text blocks are exactly what the script printed.
// needTools skips the test when a command it runs is missing, except in CI
// (CI or REQUIRE_POSTGRES set), where .ci/run installs them: there it fails.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("REQUIRE_POSTGRES") != "" || os.Getenv("CI") != "" {
				t.Fatalf("%s is needed to run this test (CI installs it, see .ci/run)", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

func TestWalkthrough(t *testing.T) {
	needTools(t, "bash", "curl", "jq")
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_REFRESH": "false"})
	token := tokenRE.FindString(s.stderr.String())
	if token == "" {
		t.Fatalf("no admin token printed:\n%s", s.stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "../../docs/walkthrough.sh")
	cmd.Env = append(os.Environ(), "BASE="+s.base, "TOKEN="+token)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("walkthrough: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("walkthrough wrote to stderr:\n%s", stderr.String())
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile("../../docs/walkthrough.sh")
	if err != nil {
		t.Fatal(err)
	}
	section := between(t, string(readme), "<!-- walkthrough", "<!-- /walkthrough -->")
	scriptLines := map[string]bool{}
	for _, l := range strings.Split(string(script), "\n") {
		scriptLines[strings.TrimSpace(l)] = true
	}
	for _, l := range blocks(section, "sh") {
		if !scriptLines[l] {
			t.Errorf("README.md shows a command line the walkthrough does not run:\n%s", l)
		}
	}
	want := strings.Join(blocks(section, "text"), "\n")
	got := strings.Join(nonBlank(stdout.String()), "\n")
	if got != want {
		t.Errorf("README.md's walkthrough output differs from what docs/walkthrough.sh prints.\nprinted:\n%s\n\nREADME:\n%s", got, want)
	}
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	i, j := strings.Index(s, from), strings.Index(s, to)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", from, to)
	}
	return s[i:j]
}

// blocks returns the non-blank lines of the fenced blocks of a language.
func blocks(s, lang string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(s, "\n") {
		switch {
		case !in && l == "```"+lang:
			in = true
		case in && l == "```":
			in = false
		case in:
			out = append(out, nonBlank(l)...)
		}
	}
	return out
}

func nonBlank(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
