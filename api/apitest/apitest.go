// Package apitest runs the real Echo router on a real store for API tests,
// and checks every response against openapi.yaml.
package apitest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/overlap/overlap"
	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/calendars"
	"github.com/overlap/overlap/calendars/fetch"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
)

// Env is one API under test with two organizations and a token per role.
type Env struct {
	T        *testing.T
	TB       testing.TB
	Server   *api.Server
	Store    *gormstore.DB
	Importer *calendars.Importer
	Logs     *SafeBuffer
	// Tokens by role for organization "acme"; Other is an admin of "globex".
	Admin, Manager, Viewer, Other string
	OrgID, OtherOrgID             string
}

// SafeBuffer is a bytes.Buffer safe for concurrent writes.
type SafeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SafeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written.
func (s *SafeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// NewB is New for benchmarks (responses are not validated against the spec).
func NewB(b *testing.B, d gormstore.Dialect, now func() time.Time) *Env {
	return newEnv(b, nil, d, now, nil)
}

// New starts an API on a fresh database of the dialect.
func New(t *testing.T, d gormstore.Dialect, now func() time.Time) *Env {
	return newEnv(t, t, d, now, nil)
}

// NewWith is New with a server configuration changed by configure.
func NewWith(t *testing.T, d gormstore.Dialect, now func() time.Time, configure func(*api.Config)) *Env {
	return newEnv(t, t, d, now, configure)
}

func newEnv(t testing.TB, tt *testing.T, d gormstore.Dialect, now func() time.Time, configure func(*api.Config)) *Env {
	t.Helper()
	db := testdb.Open(t, d, now)
	logs := &SafeBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// Tests serve feeds from httptest servers on loopback, so private
	// addresses are allowed here; the production wiring is tested in cmd.
	imp := calendars.NewImporter(calendars.ImporterConfig{
		Store: db, Log: log, Now: now,
		Fetcher: fetch.New(fetch.Config{AllowPrivate: true, Timeout: 2 * time.Second}),
	})
	cfg := api.Config{Store: db, Calendars: imp, Logger: log, Now: now, OpenAPI: overlap.OpenAPI, PublicURL: "https://overlap.test", Version: "test"}
	if configure != nil {
		configure(&cfg)
	}
	env := &Env{T: tt, TB: t, Store: db, Logs: logs, Importer: imp, Server: api.New(cfg)}
	ctx := context.Background()
	acme, err := db.EnsureOrg(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	globex, err := db.EnsureOrg(ctx, "globex")
	if err != nil {
		t.Fatal(err)
	}
	env.OrgID, env.OtherOrgID = acme.ID, globex.ID
	env.Admin = env.token(acme.ID, store.RoleAdmin)
	env.Manager = env.token(acme.ID, store.RoleManager)
	env.Viewer = env.token(acme.ID, store.RoleViewer)
	env.Other = env.token(globex.ID, store.RoleAdmin)
	return env
}

func (e *Env) token(orgID string, role store.Role) string {
	secret, hash := api.NewToken()
	if err := e.Store.CreateToken(context.Background(), &store.Token{OrgID: orgID, Role: role, Hash: hash}); err != nil {
		e.TB.Fatal(err)
	}
	return secret
}

// Response is a recorded response.
type Response struct {
	Status int
	Header http.Header
	Body   []byte // the content, decompressed when Content-Encoding is gzip
	Wire   []byte // the body as sent
}

// JSON decodes the body into v, failing the test on error.
func (r *Response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.JSON(t, &m)
	return m
}

// Do sends a request through the router. body may be nil, a string (sent
// as is, application/json) or any value (JSON-encoded). The response is
// validated against openapi.yaml.
func (e *Env) Do(method, path, token string, body any) *Response {
	e.T.Helper()
	return e.DoWith(method, path, token, "application/json", body)
}

// DoHeaders sends a bodiless request with extra headers.
func (e *Env) DoHeaders(method, path string, headers map[string]string) *Response {
	e.T.Helper()
	req := httptest.NewRequest(method, "http://localhost:8080"+path, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return e.send(req, nil)
}

// send serves req through the router and validates the response.
func (e *Env) send(req *http.Request, raw []byte) *Response {
	e.T.Helper()
	rec := httptest.NewRecorder()
	e.Server.ServeHTTP(rec, req)
	resp := &Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes(), Wire: rec.Body.Bytes()}
	if resp.Header.Get("Content-Encoding") == "gzip" && len(resp.Wire) > 0 {
		// Tests and the spec check read the content, as a client does.
		zr, err := gzip.NewReader(bytes.NewReader(resp.Wire))
		if err != nil {
			e.T.Fatalf("%s %s: Content-Encoding gzip, but %v", req.Method, req.URL.Path, err)
		}
		if resp.Body, err = io.ReadAll(zr); err != nil {
			e.T.Fatalf("%s %s: Content-Encoding gzip, but %v", req.Method, req.URL.Path, err)
		}
	}
	validate(e.T, req, raw, resp)
	return resp
}

// DoWith is Do with an explicit content type.
func (e *Env) DoWith(method, path, token, contentType string, body any) *Response {
	e.T.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			e.T.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, "http://localhost:8080"+path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.send(req, raw)
}

var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

// Spec loads and validates openapi.yaml once.
func Spec(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	specOnce.Do(func() {
		// Pictures (Accept: image/svg+xml) are checked as text.
		openapi3filter.RegisterBodyDecoder("image/svg+xml", openapi3filter.FileBodyDecoder)
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(overlap.OpenAPI)
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(context.Background()); specErr != nil {
			return
		}
		specRouter, specErr = gorillamux.NewRouter(specDoc)
	})
	if specErr != nil {
		t.Fatalf("openapi.yaml: %v", specErr)
	}
	return specDoc, specRouter
}

// validate checks a response against the spec: the route and status must be
// documented and the body must match the schema.
func validate(t *testing.T, req *http.Request, reqBody []byte, resp *Response) {
	t.Helper()
	_, router := Spec(t)
	r2 := req.Clone(context.Background())
	r2.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := router.FindRoute(r2)
	if err != nil {
		if resp.Status == http.StatusNotFound || resp.Status == http.StatusMethodNotAllowed {
			return // unknown routes are not in the spec, by definition
		}
		t.Fatalf("%s %s: route not in openapi.yaml: %v", req.Method, req.URL.Path, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: false}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r2, PathParams: params, Route: route, Options: opts},
		Status:                 resp.Status,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(resp.Body)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000]
		}
		t.Errorf("%s %s → %d does not match openapi.yaml: %s\nbody: %s", req.Method, req.URL.Path, resp.Status, msg, truncate(resp.Body))
	}
}

func truncate(b []byte) string {
	s := string(b)
	if len(s) > 500 {
		return s[:500] + "…"
	}
	return strings.TrimSpace(s)
}

// Send serves a prepared bodiless request (e.g. one with its own RemoteAddr)
// through the router and validates the response.
func (e *Env) Send(req *http.Request) *Response {
	e.T.Helper()
	return e.send(req, nil)
}
