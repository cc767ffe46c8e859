package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one entry of the CLI. To add a command, add a line to commands.
type command struct {
	name     string
	synopsis string // the usage line, without "overlap "
	summary  string // one line for `overlap help`
	run      func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error
}

// commands is the whole CLI, in the order `overlap help` lists it. It is
// filled in init because the commands' usage refers back to the table.
var commands []command

func init() {
	commands = []command{
		{"serve", "serve [--addr :8080] [--database-url URL] [--data-dir DIR]", "serve the HTTP API (the default)", serve},
		{"migrate", "migrate [--database-url URL] [--data-dir DIR]", "apply database migrations and exit", migrate},
		{"healthcheck", "healthcheck [--addr :8080 | --url http://host:port/readyz] [--timeout 5s]", "call /readyz and exit 0 when the server is ready (for container health checks)", healthcheck},
		{"token", "token create --org NAME --role admin|manager|viewer [--name LABEL]", "create an API token (prints it once)", token},
		{"expand", "expand FILE.ics --from YYYY-MM-DD --to YYYY-MM-DD [--tz ZONE] [--kind busy|holidays|time_off]", "print the busy intervals Overlap reads in a calendar file", expandCmd},
		{"version", "version", "print the version", versionCmd},
		{"help", "help [COMMAND]", "show this help, or a command's", helpCmd},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func lookupOK(name string) bool { _, ok := lookup(name); return ok }

// errHelpShown stops a command after its --help was printed: run returns nil.
var errHelpShown = errors.New("help shown")

// usageError is a command line that cannot be understood: main prints it
// once with the command's usage and exits 2.
type usageError struct {
	err   error
	usage string
}

func (e *usageError) Error() string { return e.err.Error() + "\n\n" + strings.TrimRight(e.usage, "\n") }
func (e *usageError) Unwrap() error { return e.err }

// exitCode is the process status for what run returned.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// usageOf renders a command's usage and, when it has flags, their defaults.
func usageOf(name string, fs *flag.FlagSet) string {
	var b strings.Builder
	c, _ := lookup(name)
	fmt.Fprintf(&b, "usage: overlap %s\n", c.synopsis)
	if c.summary != "" {
		fmt.Fprintf(&b, "\n%s.\n", strings.ToUpper(c.summary[:1])+c.summary[1:])
	}
	if fs != nil {
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			b.WriteString("\nflags:\n")
			fs.SetOutput(&b)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	return b.String()
}

// parse parses a command's flags. --help prints the usage to stdout and
// stops the command; a bad flag is a usageError (printed once, by main).
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	name, _, _ := strings.Cut(fs.Name(), " ")
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usageOf(name, fs))
		return errHelpShown
	case err != nil:
		return &usageError{err: err, usage: usageOf(name, fs)}
	}
	return nil
}

// usagef is a usageError for a command whose arguments are wrong.
func usagef(name string, fs *flag.FlagSet, format string, a ...any) error {
	return &usageError{err: fmt.Errorf(format, a...), usage: usageOf(name, fs)}
}

func versionCmd(_ context.Context, args []string, _ func(string) string, stdout, _ io.Writer) error {
	if err := parse(flag.NewFlagSet("version", flag.ContinueOnError), args, stdout); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "overlap", version())
	return nil
}

func helpCmd(_ context.Context, args []string, _ func(string) string, stdout, _ io.Writer) error {
	if len(args) > 0 {
		switch a := args[0]; {
		case a == "help" || a == "-h" || a == "-help" || a == "--help":
		case lookupOK(a):
			// Each command prints its own usage with its flags.
			return run(context.Background(), []string{a, "--help"}, func(string) string { return "" }, stdout, io.Discard)
		default:
			return &usageError{err: fmt.Errorf("unknown command %q", a), usage: overview()}
		}
	}
	fmt.Fprint(stdout, overview())
	return nil
}

// overview is the text of `overlap help`.
func overview() string {
	var b strings.Builder
	b.WriteString("Overlap: when can a team spread across time zones meet, and who answers when.\n\nusage: overlap COMMAND [flags]\n\ncommands:\n")
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-*s %s\n", width, c.name, c.summary)
	}
	b.WriteString("\nRun `overlap COMMAND --help` for a command's flags. Configuration comes from the\nenvironment (see README.md); flags override it.\n")
	return b.String()
}
