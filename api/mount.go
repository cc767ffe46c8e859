package api

import (
	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/planner"
)

// Mount lets another front end (the web view) add its routes to the same
// Echo instance, behind the same request id, logging and recovery.
func (s *Server) Mount(add func(e *echo.Echo)) { add(s.echo) }

// Planner is the application layer the JSON handlers call, shared with the
// web view so that every rule lives in one place.
func (s *Server) Planner() *planner.Planner { return s.planner }

// NewFeedToken returns a new feed secret and the hash that is stored.
func NewFeedToken() (secret string, hash []byte) { return newSecret(FeedTokenPrefix) }
