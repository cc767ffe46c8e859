// Command overlap runs the Overlap service and its admin tasks:
//
//	overlap [serve]        serve the HTTP API (the default)
//	overlap migrate        apply database migrations and exit
//	overlap healthcheck    exit 0 when the running server is ready (GET /readyz), 1 otherwise
//	overlap token create   create an API token (prints it once)
//	overlap expand FILE    print the busy intervals Overlap reads in a calendar
//	overlap version        print the version
//
// Configuration comes from the environment; flags override it.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // results never depend on the host's zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "overlap:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own arguments,
// environment and writers.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, getenv, stderr)
	case "healthcheck":
		return healthcheck(ctx, args, getenv, stdout, stderr)
	case "token":
		return token(ctx, args, getenv, stdout, stderr)
	case "expand":
		return expand(args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "overlap", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage:
  overlap [serve] [--addr :8080] [--database-url URL] [--data-dir DIR]
  overlap migrate [--database-url URL] [--data-dir DIR]
  overlap healthcheck [--addr :8080 | --url http://host:port/readyz] [--timeout 5s]
  overlap token create --org NAME --role admin|manager|viewer [--name LABEL]
  overlap expand FILE.ics --from 2024-01-01 --to 2025-01-01 --tz Europe/Berlin [--kind busy]
  overlap version
`
