package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/store"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := envDefaults(getenv)
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg.bindDB(fs)
	if err := parse(fs, args, stdout); err != nil {
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
	log.Info("migrations up to date", "database", string(db.Dialect()))
	return db.Close()
}

func token(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := envDefaults(getenv)
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	cfg.bindDB(fs)
	org := fs.String("org", "", "organization name (created if needed)")
	role := fs.String("role", "", "admin, manager or viewer")
	name := fs.String("name", "", "a label for the token")
	if len(args) == 0 || args[0] != "create" {
		if err := parse(fs, args, stdout); err != nil {
			return err
		}
		if len(args) == 0 {
			return usagef("token", fs, "missing subcommand: want create")
		}
		return usagef("token", fs, "unknown subcommand %q: want create", args[0])
	}
	if err := parse(fs, args[1:], stdout); err != nil {
		return err
	}
	if strings.TrimSpace(*org) == "" {
		return usagef("token", fs, "--org is required")
	}
	if !store.Role(*role).Valid() {
		return usagef("token", fs, "--role must be admin, manager or viewer")
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
	o, err := db.EnsureOrg(ctx, strings.TrimSpace(*org))
	if err != nil {
		return err
	}
	secret, hash := api.NewToken()
	t := store.Token{OrgID: o.ID, Name: *name, Role: store.Role(*role), Hash: hash}
	if err := db.CreateToken(ctx, &t); err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	return nil
}
