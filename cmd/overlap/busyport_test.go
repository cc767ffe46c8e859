package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"testing"
)

// TestBusyPortKeepsTheFirstToken: a first start that cannot listen (the port
// is taken) fails before it creates the first admin token, so the next start
// prints it. The token was created and printed, then the server failed, and
// the start after printed nothing: a new user was left without a token.
func TestBusyPortKeepsTheFirstToken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	env := map[string]string{"OVERLAP_DATA_DIR": dir, "OVERLAP_REFRESH": "false", "OVERLAP_ADDR": ln.Addr().String()}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, &stderr); err == nil {
		t.Fatal("serve on a taken port succeeded")
	}
	if tok := tokenRE.FindString(stderr.String()); tok != "" {
		t.Fatalf("a start that failed to listen printed the first token:\n%s", stderr.String())
	}
	delete(env, "OVERLAP_ADDR")
	s := startServer(t, env)
	if tokenRE.FindString(s.stderr.String()) == "" {
		t.Fatalf("the first successful start printed no admin token:\n%s", s.stderr)
	}
}
