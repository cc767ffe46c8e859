package storetest

import (
	"testing"

	"github.com/overlap/overlap/store"
)

func testWebSessions(t *testing.T, s store.Store) {
	org := mustOrg(t, s, "acme")
	other := mustOrg(t, s, "globex")
	tok := store.Token{OrgID: org.ID, Role: store.RoleViewer, Hash: []byte("api-token")}
	if err := s.CreateToken(ctx, &tok); err != nil {
		t.Fatal(err)
	}
	foreign := store.WebSession{OrgID: other.ID, TokenID: tok.ID, Hash: []byte("x"), ExpiresAt: at(10)}
	wantErr(t, "session of another org's token", s.CreateWebSession(ctx, &foreign), store.ErrNotFound)

	sess := store.WebSession{OrgID: org.ID, TokenID: tok.ID, Hash: []byte("sess-1"), ExpiresAt: at(10)}
	if err := s.CreateWebSession(ctx, &sess); err != nil {
		t.Fatal(err)
	}
	dup := store.WebSession{OrgID: org.ID, TokenID: tok.ID, Hash: []byte("sess-1"), ExpiresAt: at(10)}
	wantErr(t, "duplicate hash", s.CreateWebSession(ctx, &dup), store.ErrConflict)

	got, err := s.WebSessionByHash(ctx, []byte("sess-1"), at(9))
	if err != nil || got.ID != sess.ID || got.OrgID != org.ID || got.TokenID != tok.ID || got.Role != store.RoleViewer || !got.ExpiresAt.Equal(at(10)) {
		t.Fatalf("WebSessionByHash = %+v, %v", got, err)
	}
	_, err = s.WebSessionByHash(ctx, []byte("sess-1"), at(10))
	wantErr(t, "expired session", err, store.ErrNotFound)
	_, err = s.WebSessionByHash(ctx, []byte("nope"), at(1))
	wantErr(t, "unknown session", err, store.ErrNotFound)

	// Signing out.
	if err := s.DeleteWebSession(ctx, []byte("sess-1")); err != nil {
		t.Fatal(err)
	}
	_, err = s.WebSessionByHash(ctx, []byte("sess-1"), at(1))
	wantErr(t, "deleted session", err, store.ErrNotFound)
	if err := s.DeleteWebSession(ctx, []byte("sess-1")); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}

	// Revoking the token ends its sessions at once.
	live := store.WebSession{OrgID: org.ID, TokenID: tok.ID, Hash: []byte("sess-2"), ExpiresAt: at(10)}
	if err := s.CreateWebSession(ctx, &live); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, org.ID, tok.ID, at(2)); err != nil {
		t.Fatal(err)
	}
	_, err = s.WebSessionByHash(ctx, []byte("sess-2"), at(3))
	wantErr(t, "session of a revoked token", err, store.ErrNotFound)
	late := store.WebSession{OrgID: org.ID, TokenID: tok.ID, Hash: []byte("sess-3"), ExpiresAt: at(10)}
	wantErr(t, "session of a revoked token", s.CreateWebSession(ctx, &late), store.ErrNotFound)

	// Expired sessions are swept.
	n, err := s.DeleteExpiredWebSessions(ctx, at(11))
	if err != nil || n != 1 {
		t.Fatalf("DeleteExpiredWebSessions = %d, %v; want 1", n, err)
	}
}
