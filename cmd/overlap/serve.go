package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/overlap/overlap"
	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := envDefaults(getenv)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.bindDB(fs)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (env OVERLAP_ADDR)")
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "base URL for links (env OVERLAP_PUBLIC_URL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long in-flight requests may take at shutdown")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	log, err := newLogger(cfg.LogLevel, stderr)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := bootstrap(ctx, db, cfg, stderr, log); err != nil {
		return err
	}
	publicURL := cfg.PublicURL
	srv := api.New(api.Config{Store: db, Logger: log, OpenAPI: overlap.OpenAPI, PublicURL: publicURL, Version: version()})
	err = srv.Start(ctx, cfg.Addr, cfg.ShutdownTimeout, func(addr string) {
		log.Info("serving", "addr", addr, "database", string(db.Dialect()), "version", version())
	})
	log.Info("stopped")
	return err
}

// openDB connects and migrates.
func openDB(ctx context.Context, cfg config, log *slog.Logger) (*gormstore.DB, error) {
	db, err := gormstore.Open(ctx, gormstore.Config{URL: cfg.DatabaseURL, SQLitePath: cfg.sqlitePath(), Logger: log})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, log); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// bootstrap makes sure somebody can call the API: the configured bootstrap
// token exists, or on a new database an admin token is printed once.
func bootstrap(ctx context.Context, db store.Store, cfg config, stderr io.Writer, log *slog.Logger) error {
	if cfg.BootstrapToken != "" {
		org, err := db.EnsureOrg(ctx, "default")
		if err != nil {
			return err
		}
		hash := api.HashToken(cfg.BootstrapToken)
		if _, err := db.TokenByHash(ctx, hash); err == nil {
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		t := store.Token{OrgID: org.ID, Name: "bootstrap", Role: store.RoleAdmin, Hash: hash}
		err = db.CreateToken(ctx, &t)
		if errors.Is(err, store.ErrConflict) {
			log.Warn("the bootstrap token was revoked; it is not recreated", "token_id", t.ID)
			return nil
		}
		if err == nil {
			log.Info("bootstrap token ready", "org", "default", "token_id", t.ID)
		}
		return err
	}
	n, err := db.CountOrgs(ctx)
	if err != nil || n > 0 {
		return err
	}
	org, err := db.EnsureOrg(ctx, "default")
	if err != nil {
		return err
	}
	secret, hash := api.NewToken()
	t := store.Token{OrgID: org.ID, Name: "first admin", Role: store.RoleAdmin, Hash: hash}
	if err := db.CreateToken(ctx, &t); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "\nCreated organization \"default\" with an admin token. It is shown only this once:\n\n    %s\n\n", secret)
	return nil
}
