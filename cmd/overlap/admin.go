package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/overlap/overlap/api"
	"github.com/overlap/overlap/store"
)

func migrate(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg := envDefaults(getenv)
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cfg.bindDB(fs)
	if err := parse(fs, args, stderr); err != nil {
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
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: overlap token create --org NAME --role admin|manager|viewer [--name LABEL]")
	}
	cfg := envDefaults(getenv)
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	cfg.bindDB(fs)
	org := fs.String("org", "", "organization name (created if needed)")
	role := fs.String("role", "", "admin, manager or viewer")
	name := fs.String("name", "", "a label for the token")
	if err := parse(fs, args[1:], stderr); err != nil {
		return err
	}
	if strings.TrimSpace(*org) == "" {
		return errors.New("--org is required")
	}
	if !store.Role(*role).Valid() {
		return errors.New("--role must be admin, manager or viewer")
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
