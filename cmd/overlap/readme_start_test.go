package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReadmeStartCommands runs the README's two commands that start a server
// and hand its token to the walkthrough, as a new user pastes them, with a
// stand-in server that takes a second to print the token (go run compiles
// first) and a stand-in walkthrough that prints the TOKEN it got. Read
// literally, the grep ran before the server had printed anything and the
// walkthrough started with an empty TOKEN.
func TestReadmeStartCommands(t *testing.T) {
	needTools(t, "bash")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := between(t, string(readme), "## A first walk through", "<!-- walkthrough")
	script := strings.Join(blocks(section, "sh"), "\n")
	if !strings.Contains(script, "go run ./cmd/overlap") || !strings.Contains(script, "docs/walkthrough.sh") {
		t.Fatalf("README's start commands no longer start the server and the walkthrough:\n%s", script)
	}
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("fake-server", "#!/usr/bin/env bash\nsleep 1\nprintf '{\"level\":\"INFO\"}\\n\\n    ovl_abcdefgh234567\\n\\n' >&2\n")
	write("docs/walkthrough.sh", "#!/usr/bin/env bash\necho \"TOKEN=$TOKEN\"\n")
	script = strings.ReplaceAll(script, "go run ./cmd/overlap", "./fake-server")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script+"\nwait")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("README start commands: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "TOKEN=ovl_abcdefgh234567" {
		t.Errorf("the walkthrough got %q, want the token the server printed", got)
	}
}
