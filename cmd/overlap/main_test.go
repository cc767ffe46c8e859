package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/overlap/overlap/store/gormstore/testdb"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// server runs `overlap serve` in the background until the test ends.
type server struct {
	base   string
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

func startServer(t *testing.T, env map[string]string) *server {
	t.Helper()
	addr := freeAddr(t)
	env["OVERLAP_ADDR"] = addr
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{base: "http://" + addr, stderr: &syncBuffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, io.Discard, s.stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-s.done:
			t.Fatalf("server exited: %v\n%s", err, s.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", s.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("serve did not stop")
	}
}

func (s *server) call(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var tokenRE = regexp.MustCompile(`ovl_[a-z2-7]{52}`)

func TestFirstStartPrintsOneAdminToken(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": dir})
	tokens := tokenRE.FindAllString(s.stderr.String(), -1)
	if len(tokens) != 1 {
		t.Fatalf("first start printed %d tokens:\n%s", len(tokens), s.stderr)
	}
	// The token stands on a line of its own, apart from the JSON logs.
	if !strings.Contains(s.stderr.String(), "\n    "+tokens[0]+"\n") {
		t.Fatalf("the token is not on a plain line of its own:\n%s", s.stderr)
	}
	if code, body := s.call(t, "POST", "/v1/members", tokens[0], `{"name":"Aiko","timezone":"Asia/Tokyo"}`); code != 201 {
		t.Fatalf("create member with printed token: %d %s", code, body)
	}
	s.stop(t)
	if strings.Count(s.stderr.String(), tokens[0]) != 1 {
		t.Fatal("the printed token appears in the logs")
	}
	// A second start on the same database prints nothing and keeps the data.
	s2 := startServer(t, map[string]string{"OVERLAP_DATA_DIR": dir})
	if tokenRE.MatchString(s2.stderr.String()) {
		t.Fatalf("second start printed a token:\n%s", s2.stderr)
	}
	if code, body := s2.call(t, "GET", "/v1/members", tokens[0], ""); code != 200 || !strings.Contains(body, "Aiko") {
		t.Fatalf("after restart: %d %s", code, body)
	}
}

func TestBootstrapTokenOnBothDatabases(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			env := map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_BOOTSTRAP_TOKEN": "bootstrap-secret-0123456789"}
			if db == "postgres" {
				env["DATABASE_URL"] = testdb.SchemaURL(t)
			}
			s := startServer(t, env)
			tok := env["OVERLAP_BOOTSTRAP_TOKEN"]
			if code, body := s.call(t, "POST", "/v1/teams", tok, `{"name":"Core"}`); code != 201 {
				t.Fatalf("create team: %d %s", code, body)
			}
			if code, _ := s.call(t, "GET", "/v1/tokens", tok, ""); code != 200 {
				t.Fatalf("the bootstrap token is not an admin: %d", code)
			}
			if code, _ := s.call(t, "GET", "/v1/teams", "wrong", ""); code != 401 {
				t.Fatalf("wrong token: %d", code)
			}
			s.stop(t)
			logs := s.stderr.String()
			if strings.Contains(logs, tok) || tokenRE.MatchString(logs) {
				t.Fatalf("a token appears in the logs:\n%s", logs)
			}
			if !strings.Contains(logs, `"route":"/v1/teams"`) {
				t.Fatalf("requests were not logged:\n%s", logs)
			}
		})
	}
}

func TestTokenCreateAndMigrate(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string { return map[string]string{"OVERLAP_DATA_DIR": dir}[k] }
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, env, io.Discard, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"token", "create", "--org", "acme", "--role", "viewer", "--name", "ci"}, env, &out, io.Discard); err != nil {
		t.Fatalf("token create: %v", err)
	}
	tok := strings.TrimSpace(out.String())
	if !tokenRE.MatchString(tok) {
		t.Fatalf("token create printed %q", tok)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"token", "create", "--org", "acme", "--role", "root"}, "--role"},
		{[]string{"token", "create", "--role", "admin"}, "--org"},
		{[]string{"token"}, "usage"},
		{[]string{"frobnicate"}, "unknown command"},
	}
	for _, tt := range tests {
		err := run(ctx, tt.args, env, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run %v = %v, want an error mentioning %q", tt.args, err, tt.want)
		}
	}
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": dir})
	if code, _ := s.call(t, "GET", "/v1/members", tok, ""); code != 200 {
		t.Fatalf("viewer token from the CLI: %d", code)
	}
	if code, _ := s.call(t, "POST", "/v1/members", tok, `{"name":"A","timezone":"UTC"}`); code != 403 {
		t.Fatalf("viewer token writes: %d", code)
	}
	out.Reset()
	if err := run(ctx, []string{"version"}, env, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "overlap ") {
		t.Fatalf("version: %q %v", out.String(), err)
	}
}

func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	s := startServer(t, map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_BOOTSTRAP_TOKEN": "bootstrap-secret-0123456789"})
	// Hold a request open by sending its body slowly, then ask to stop.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", s.base+"/v1/teams", pr)
	req.Header.Set("Authorization", "Bearer bootstrap-secret-0123456789")
	req.Header.Set("Content-Type", "application/json")
	result := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			result <- -1
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	fmt.Fprint(pw, `{"name":`)
	time.Sleep(200 * time.Millisecond)
	stopped := make(chan struct{})
	go func() { s.stop(t); close(stopped) }()
	time.Sleep(200 * time.Millisecond)
	fmt.Fprint(pw, `"Late"}`)
	pw.Close()
	if code := <-result; code != 201 {
		t.Fatalf("in-flight request got %d, want 201", code)
	}
	<-stopped
}

func TestServeReturnsWhenTheAddressIsTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	env := map[string]string{"OVERLAP_DATA_DIR": t.TempDir(), "OVERLAP_ADDR": ln.Addr().String()}
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, io.Discard, io.Discard)
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("serve on a taken address returned no error")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve on a taken address did not return")
	}
}
