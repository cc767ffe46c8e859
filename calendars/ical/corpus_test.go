package ical

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "time/tzdata"
)

// manifestEntry is one line of a corpus expected/MANIFEST.tsv.
type manifestEntry struct {
	dir, file, from, to, zone, note string
}

func readManifests(t *testing.T) []manifestEntry {
	t.Helper()
	var out []manifestEntry
	for _, dir := range []string{"node-ical", "icaljs", "synthetic", "overlap"} {
		b, err := os.ReadFile(filepath.Join("testdata", dir, "expected", "MANIFEST.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			f := strings.Split(line, "\t")
			if len(f) < 6 {
				t.Fatalf("%s: bad manifest line %q", dir, line)
			}
			out = append(out, manifestEntry{dir: dir, file: f[0], from: f[1], to: f[2], zone: f[3], note: f[5]})
		}
	}
	return out
}

// spans reads "START END UID" lines as a sorted multiset of "START END".
func spans(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			t.Fatalf("bad busy line %q", sc.Text())
		}
		out = append(out, f[0]+" "+f[1])
	}
	sort.Strings(out)
	return out
}

// TestCorpus runs every file of every manifest through ExpandDates and
// WriteBusyLines, as `overlap expand` does, and compares with the expected file.
func TestCorpus(t *testing.T) {
	for _, m := range readManifests(t) {
		t.Run(m.dir+"/"+m.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", m.dir, m.file))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", m.dir, "expected", strings.TrimSuffix(m.file, ".ics")+".busy.txt"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := ExpandDates(data, m.from, m.to, m.zone, CalendarBusy)
			if err != nil {
				t.Fatalf("ExpandDates: %v", err)
			}
			var got bytes.Buffer
			if err := WriteBusyLines(&got, res.Busy); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(spans(t, want), spans(t, got.Bytes())); diff != "" {
				t.Errorf("intervals differ (-want +got):\n%s\nwarnings: %v", diff, res.Warnings)
			}
		})
	}
}
