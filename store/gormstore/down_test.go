package gormstore_test

import (
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// proxy forwards TCP to PostgreSQL until stopped; stopping it is the
// database going away (connections cut, new ones refused).
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// TestPostgresGoesAway: once PostgreSQL cannot be reached (connections cut,
// new ones refused), the store answers ErrUnavailable.
func TestPostgresGoesAway(t *testing.T) {
	u, err := url.Parse(testdb.SchemaURL(t))
	if err != nil {
		t.Fatal(err)
	}
	p := startProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	ctx := t.Context()
	db, err := gormstore.Open(ctx, gormstore.Config{URL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	org, err := db.EnsureOrg(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	p.stop()
	checks := map[string]error{
		"Ping":       db.Ping(ctx),
		"CreateTeam": db.CreateTeam(ctx, &store.Team{OrgID: org.ID, Name: "T"}),
		"DeleteTeam": db.DeleteTeam(ctx, org.ID, "x"),
	}
	_, checks["Member"] = db.Member(ctx, org.ID, "x")
	_, checks["ListMembers"] = db.ListMembers(ctx, org.ID, store.Page{Limit: 5})
	for what, err := range checks {
		if !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("%s after the database went away: %v, want ErrUnavailable", what, err)
		}
	}
	if _, err := gormstore.Open(ctx, gormstore.Config{URL: u.String()}); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Open with the database refusing connections: %v, want ErrUnavailable", err)
	}
}
