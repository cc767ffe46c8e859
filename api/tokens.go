package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/store"
)

// TokenRequest creates an API token.
type TokenRequest struct {
	Name string     `json:"name"`
	Role store.Role `json:"role"`
}

// TokenResponse describes a token; Token holds the secret only when created.
type TokenResponse struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Role       string  `json:"role"`
	Token      string  `json:"token,omitempty"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
	RevokedAt  *string `json:"revoked_at"`
}

func tokenResponse(t store.Token) TokenResponse {
	return TokenResponse{ID: t.ID, Name: t.Name, Role: string(t.Role), CreatedAt: fmtTime(t.CreatedAt),
		LastUsedAt: fmtTimePtr(t.LastUsedAt), RevokedAt: fmtTimePtr(t.RevokedAt)}
}

func (s *Server) createToken(c echo.Context) error {
	var req TokenRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v := &ValidationError{}
	checkLen(v, "name", req.Name, 0, 200)
	if !req.Role.Valid() {
		v.add("role", "must be admin, manager or viewer")
	}
	if err := v.err(); err != nil {
		return err
	}
	secret, hash := NewToken()
	t := store.Token{OrgID: principal(c).OrgID, Name: req.Name, Role: req.Role, Hash: hash}
	if err := s.store.CreateToken(c.Request().Context(), &t); err != nil {
		return err
	}
	resp := tokenResponse(t)
	resp.Token = secret
	noStore(c)
	return c.JSON(http.StatusCreated, resp)
}

func (s *Server) listTokens(c echo.Context) error {
	p, limit, err := pageParams(c)
	if err != nil {
		return err
	}
	rows, err := s.store.ListTokens(c.Request().Context(), principal(c).OrgID, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, paginate(rows, limit, func(t store.Token) string { return t.ID }, tokenResponse))
}

func (s *Server) revokeToken(c echo.Context) error {
	if err := s.store.RevokeToken(c.Request().Context(), principal(c).OrgID, c.Param("id"), s.now()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
