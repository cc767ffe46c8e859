package scheduler

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs the property tests 300 times each unless -rapid.checks says
// otherwise: enough to meet DST transitions in every test zone, and still a
// few seconds for the package.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		if err := flag.Set("rapid.checks", "300"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
