// Command overlap runs the Overlap service and its admin tasks:
//
//	overlap [serve]        serve the HTTP API (the default)
//	overlap migrate        apply database migrations and exit
//	overlap healthcheck    exit 0 when the running server is ready (GET /readyz), 1 otherwise
//	overlap token create   create an API token (prints it once)
//	overlap expand FILE    print the busy intervals Overlap reads in a calendar
//	overlap version        print the version
//	overlap help [COMMAND] list the commands, or one command's flags
//
// Configuration comes from the environment; flags override it.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // results never depend on the host's zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "overlap:", err)
	}
	os.Exit(exitCode(err))
}

// run is main without the process: tests call it with their own arguments,
// environment and writers.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	name := "serve"
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "-h" || a == "-help" || a == "--help":
			name, args = "help", nil
		case len(a) > 0 && a[0] != '-':
			name, args = a, args[1:]
		}
	}
	c, ok := lookup(name)
	if !ok {
		return &usageError{err: fmt.Errorf("unknown command %q", name), usage: overview()}
	}
	err := c.run(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}
