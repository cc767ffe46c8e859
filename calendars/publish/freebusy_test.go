package publish

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	gocmp "github.com/google/go-cmp/cmp"
)

func teamFreeBusy() FreeBusy {
	return FreeBusy{
		Name:  "Platform team, busy",
		UID:   "overlap-freebusy-7f3a@overlap",
		Stamp: stamp,
		From:  at(11, 0, 0),
		To:    at(18, 0, 0),
		Busy: [][2]time.Time{
			{at(12, 9, 0), at(12, 10, 0)},
			{at(11, 9, 0), at(11, 10, 0)},
			{at(11, 9, 30), at(11, 11, 0)},               // overlaps the previous one
			{at(11, 11, 0), at(11, 12, 0)},               // touches it
			{at(10, 22, 0), at(11, 1, 0)},                // clipped to From
			{at(17, 23, 0), at(18, 2, 0)},                // clipped to To
			{at(13, 9, 0), at(13, 9, 0)},                 // empty
			{at(20, 9, 0), at(20, 10, 0)},                // outside the range
			{at(14, 9, 0).Add(1), at(14, 10, 0).Add(-1)}, // widened to whole seconds
		},
	}
}

func writeFreeBusy(t *testing.T, fb FreeBusy) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteFreeBusy(&buf, fb); err != nil {
		t.Fatalf("WriteFreeBusy: %v", err)
	}
	return buf.Bytes()
}

func TestWriteFreeBusyGolden(t *testing.T) {
	out := writeFreeBusy(t, teamFreeBusy())
	checkLines(t, out)
	golden(t, "freebusy", out)
}

func TestWriteFreeBusyDecodes(t *testing.T) {
	fb := teamFreeBusy()
	fb.Name = injections["payload"] + injections["long emoji"]
	out := writeFreeBusy(t, fb)
	checkLines(t, out)

	cal, err := ical.NewDecoder(bytes.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v", err)
	}
	if len(cal.Children) != 1 || cal.Children[0].Name != ical.CompFreeBusy {
		t.Fatalf("go-ical: want one VFREEBUSY, got %d children", len(cal.Children))
	}
	if name, err := cal.Props.Get("X-WR-CALNAME").Text(); err != nil || name != sanitized(fb.Name) {
		t.Errorf("X-WR-CALNAME = %q, %v; want %q", name, err, sanitized(fb.Name))
	}
	var got []string
	for _, p := range cal.Children[0].Props["FREEBUSY"] {
		if p.Params.Get("FBTYPE") != "BUSY" {
			t.Errorf("FREEBUSY params = %v", p.Params)
		}
		got = append(got, p.Value)
	}
	want := []string{
		"20270111T000000Z/20270111T010000Z",
		"20270111T090000Z/20270111T120000Z",
		"20270112T090000Z/20270112T100000Z",
		"20270114T090000Z/20270114T100000Z",
		"20270117T230000Z/20270118T000000Z",
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("FREEBUSY mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteFreeBusyTentative(t *testing.T) {
	fb := teamFreeBusy()
	fb.Tentative = [][2]time.Time{
		{at(15, 9, 0), at(15, 10, 0)},
		{at(15, 9, 30), at(15, 10, 30)}, // merged with the previous one
		{at(11, 8, 0), at(11, 13, 0)},   // busy 09:00–12:00 wins inside it
		{at(12, 9, 30), at(12, 10, 0)},  // covered by busy: gone
	}
	cal, err := ical.NewDecoder(bytes.NewReader(writeFreeBusy(t, fb))).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v", err)
	}
	var got []string
	for _, p := range cal.Children[0].Props["FREEBUSY"] {
		got = append(got, p.Params.Get("FBTYPE")+" "+p.Value)
	}
	want := []string{
		"BUSY 20270111T000000Z/20270111T010000Z",
		"BUSY-TENTATIVE 20270111T080000Z/20270111T090000Z",
		"BUSY 20270111T090000Z/20270111T120000Z",
		"BUSY-TENTATIVE 20270111T120000Z/20270111T130000Z",
		"BUSY 20270112T090000Z/20270112T100000Z",
		"BUSY 20270114T090000Z/20270114T100000Z",
		"BUSY-TENTATIVE 20270115T090000Z/20270115T103000Z",
		"BUSY 20270117T230000Z/20270118T000000Z",
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("FREEBUSY mismatch (-want +got):\n%s", diff)
	}
}

func TestWriteFreeBusyDeterministic(t *testing.T) {
	fb := teamFreeBusy()
	first := writeFreeBusy(t, fb)
	fb.Busy = slices.Clone(fb.Busy)
	slices.Reverse(fb.Busy)
	if got := writeFreeBusy(t, fb); !bytes.Equal(first, got) {
		t.Errorf("output depends on period order")
	}
}

func TestWriteFreeBusyInvalid(t *testing.T) {
	tests := map[string]struct {
		edit func(*FreeBusy)
		want error
	}{
		"no uid":          {func(fb *FreeBusy) { fb.UID = "" }, ErrInvalidUID},
		"uid newline":     {func(fb *FreeBusy) { fb.UID = "x\r\nMETHOD:REQUEST" }, ErrInvalidUID},
		"prodid control":  {func(fb *FreeBusy) { fb.ProdID = "x\x1b" }, ErrInvalidProdID},
		"no stamp":        {func(fb *FreeBusy) { fb.Stamp = time.Time{} }, ErrInvalidTime},
		"empty range":     {func(fb *FreeBusy) { fb.To = fb.From }, ErrInvalidRange},
		"zero from":       {func(fb *FreeBusy) { fb.From = time.Time{} }, ErrInvalidTime},
		"period reversed": {func(fb *FreeBusy) { fb.Busy[0][0], fb.Busy[0][1] = fb.Busy[0][1], fb.Busy[0][0] }, ErrInvalidRange},
		"period zero":     {func(fb *FreeBusy) { fb.Busy[0][0] = time.Time{} }, ErrInvalidTime},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			fb := teamFreeBusy()
			tt.edit(&fb)
			var buf bytes.Buffer
			if err := WriteFreeBusy(&buf, fb); !errors.Is(err, tt.want) {
				t.Fatalf("WriteFreeBusy error = %v, want %v", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("WriteFreeBusy wrote %d bytes before failing", buf.Len())
			}
		})
	}
}
