package api_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFeedsThroughOracle re-reads every published feed golden file with the
// independent ical.js-based oracle (../shared/ical/oracle/expand.mjs) and
// requires the same intervals as Overlap's importer. It needs node and a
// prepared copy of the oracle (npm install done) named by OVERLAP_ORACLE_DIR;
// .ci/run prepares one when npm can install it.
func TestFeedsThroughOracle(t *testing.T) {
	dir := os.Getenv("OVERLAP_ORACLE_DIR")
	if dir == "" {
		t.Skip("OVERLAP_ORACLE_DIR not set: the ical.js oracle is not prepared")
	}
	from, to := time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 17, 0, 0, 0, 0, time.UTC)
	files, _ := filepath.Glob("testdata/feed_*.golden")
	if len(files) < 4 {
		t.Fatalf("found %d golden feeds", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			abs, _ := filepath.Abs(f)
			out, err := exec.Command("node", filepath.Join(dir, "expand.mjs"), abs, "2027-01-11", "2027-01-17", "--tz", "UTC", "--include-free").CombinedOutput()
			if err != nil {
				t.Fatalf("oracle: %v\n%s", err, out)
			}
			var oracle []string
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				if f := strings.Fields(line); len(f) >= 2 {
					oracle = append(oracle, f[0]+" "+f[1])
				}
			}
			body, _ := os.ReadFile(f)
			sameLines(t, "oracle vs Overlap", oracle, readBack(t, body, from, to))
			if len(oracle) == 0 {
				t.Fatal("no intervals")
			}
		})
	}
}
