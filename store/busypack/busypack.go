// Package busypack is the stored form of a calendar's busy time: the
// intervals of one calendar whose starts fall in one bucket of BucketSeconds,
// packed into two byte strings, so that loading a team reads one row per
// calendar and bucket instead of one row per interval.
//
// Spans holds nine bytes per interval, sorted by start then end:
//
//	start − previous start (the first: start − bucket base)  uint32, big endian
//	end − start                                              uint32, big endian
//	kind code                                                one byte (Kinds)
//
// UIDs holds, in the same order, each UID as a uint32 big-endian byte length
// then its UTF-8 bytes. Only times, kinds and UIDs are kept: the same
// privacy as the per-interval rows this replaces.
//
// The layout is fixed-width so that migration 00006 can build it in SQL on
// both dialects, and so that decoding is a bounds check and a loop. Decoders
// return ErrCorrupt for bytes they cannot read and never panic.
package busypack

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/overlap/overlap/store"
)

// BucketSeconds is the length of a pack's bucket: 30 days. An interval is
// packed in the bucket of its start: bucket = floor(start / BucketSeconds).
const BucketSeconds = 30 * 24 * 3600

// RecordSize is the size of one interval in Spans.
const RecordSize = 9

// Kinds are the interval kinds by code; the code is the index
// (store.BusyKinds, the one list).
var Kinds = store.BusyKinds

// Errors.
var (
	// ErrCorrupt: the bytes are not a pack.
	ErrCorrupt = errors.New("busypack: corrupt pack")
	// ErrUnstorable: an interval cannot be packed (unknown kind, a length
	// past 136 years, a UID that is not UTF-8 or holds NUL, which PostgreSQL
	// text cannot hold either).
	ErrUnstorable = errors.New("busypack: interval cannot be stored")
)

// Interval is one busy interval in Unix seconds, half-open [Start, End).
type Interval struct {
	Start, End int64
	Kind       uint8 // index in Kinds
	UID        string
}

// KindCode returns the code of a kind name.
func KindCode(kind string) (uint8, bool) {
	for i, k := range Kinds {
		if k == kind {
			return uint8(i), true
		}
	}
	return 0, false
}

// Bucket is the bucket of an instant, rounding down for negative instants too.
func Bucket(t int64) int64 {
	b := t / BucketSeconds
	if t%BucketSeconds < 0 {
		b--
	}
	return b
}

// Pack is the packed form of one bucket of a calendar.
type Pack struct {
	Bucket int64
	MaxEnd int64 // the latest end of its intervals
	N      int
	Spans  []byte
	UIDs   []byte
}

// Encode packs intervals sorted by start then end (see Sort) into one Pack
// per bucket, in bucket order. It returns ErrUnstorable for an interval that
// cannot be stored, and ErrCorrupt when ivs are not sorted.
func Encode(ivs []Interval) ([]Pack, error) {
	var out []Pack
	for i := 0; i < len(ivs); {
		b := Bucket(ivs[i].Start)
		j := i
		for j < len(ivs) && Bucket(ivs[j].Start) == b {
			j++
		}
		p, err := encodeBucket(b, ivs[i:j])
		if err != nil {
			return nil, err
		}
		out = append(out, p)
		i = j
	}
	return out, nil
}

func encodeBucket(b int64, ivs []Interval) (Pack, error) {
	uidLen := 0
	for _, iv := range ivs {
		uidLen += 4 + len(iv.UID)
	}
	p := Pack{Bucket: b, N: len(ivs), Spans: make([]byte, 0, len(ivs)*RecordSize), UIDs: make([]byte, 0, uidLen), MaxEnd: ivs[0].End}
	prev := b * BucketSeconds
	for _, iv := range ivs {
		if err := check(iv); err != nil {
			return Pack{}, err
		}
		if iv.Start < prev {
			return Pack{}, fmt.Errorf("%w: intervals not sorted by start", ErrCorrupt)
		}
		p.Spans = binary.BigEndian.AppendUint32(p.Spans, uint32(iv.Start-prev))
		p.Spans = binary.BigEndian.AppendUint32(p.Spans, uint32(iv.End-iv.Start))
		p.Spans = append(p.Spans, iv.Kind)
		p.UIDs = binary.BigEndian.AppendUint32(p.UIDs, uint32(len(iv.UID)))
		p.UIDs = append(p.UIDs, iv.UID...)
		prev = iv.Start
		p.MaxEnd = max(p.MaxEnd, iv.End)
	}
	return p, nil
}

func check(iv Interval) error {
	switch {
	case int(iv.Kind) >= len(Kinds):
		return fmt.Errorf("%w: kind code %d", ErrUnstorable, iv.Kind)
	case iv.End < iv.Start || iv.End-iv.Start > 1<<32-1:
		return fmt.Errorf("%w: interval [%d, %d)", ErrUnstorable, iv.Start, iv.End)
	case len(iv.UID) > 1<<20:
		return fmt.Errorf("%w: UID of %d bytes", ErrUnstorable, len(iv.UID))
	case !store.ValidText(iv.UID):
		return fmt.Errorf("%w: UID %q is not UTF-8 or holds NUL", ErrUnstorable, iv.UID)
	}
	return nil
}

// Count is the number of intervals in spans; ErrCorrupt if it is not whole.
func Count(spans []byte) (int, error) {
	if len(spans)%RecordSize != 0 {
		return 0, ErrCorrupt
	}
	return len(spans) / RecordSize, nil
}

// Each calls fn for each interval of a bucket's spans, in order, without
// allocating. It returns ErrCorrupt (and calls fn for none) when the spans
// cannot be read.
func Each(bucket int64, spans []byte, fn func(start, end int64, kind uint8)) error {
	if err := Valid(spans); err != nil {
		return err
	}
	prev := bucket * BucketSeconds
	for i := 0; i+RecordSize <= len(spans); i += RecordSize {
		r := spans[i : i+RecordSize : i+RecordSize]
		s := prev + int64(binary.BigEndian.Uint32(r[0:4]))
		fn(s, s+int64(binary.BigEndian.Uint32(r[4:8])), r[8])
		prev = s
	}
	return nil
}

// CountOverlapping is how many intervals AppendOverlapping would append. It
// checks the spans as it counts (one pass over them, as Valid).
func CountOverlapping(bucket int64, spans []byte, from, to int64) (int, error) {
	if len(spans)%RecordSize != 0 {
		return 0, ErrCorrupt
	}
	n, prev := 0, bucket*BucketSeconds
	for i := 0; i+RecordSize <= len(spans); i += RecordSize {
		r := spans[i : i+RecordSize : i+RecordSize]
		if int(r[8]) >= len(Kinds) {
			return 0, fmt.Errorf("%w: kind code %d", ErrCorrupt, r[8])
		}
		s := prev + int64(binary.BigEndian.Uint32(r[0:4]))
		if s < to && s+int64(binary.BigEndian.Uint32(r[4:8])) > from {
			n++
		}
		prev = s
	}
	return n, nil
}

// Record is one interval as AppendOverlapping returns it.
type Record struct {
	Start  int64  // Unix seconds
	Length uint32 // seconds
	Kind   uint8  // index in Kinds
}

// AppendOverlapping appends to dst the intervals of a bucket's spans that
// overlap [from, to), in order. Intervals are sorted by start, so it stops
// at the first starting at or after to. It returns ErrCorrupt (and dst
// unchanged) when the spans cannot be read.
func AppendOverlapping(dst []Record, bucket int64, spans []byte, from, to int64) ([]Record, error) {
	if len(spans)%RecordSize != 0 {
		return dst, ErrCorrupt
	}
	n0, prev := len(dst), bucket*BucketSeconds
	for i := 0; i+RecordSize <= len(spans); i += RecordSize {
		r := spans[i : i+RecordSize : i+RecordSize]
		k := r[8]
		if int(k) >= len(Kinds) {
			return dst[:n0], fmt.Errorf("%w: kind code %d", ErrCorrupt, k)
		}
		s := prev + int64(binary.BigEndian.Uint32(r[0:4]))
		if s >= to {
			// Intervals after are not visited: check their kinds as Valid does.
			if err := Valid(spans[i:]); err != nil {
				return dst[:n0], err
			}
			break
		}
		if l := binary.BigEndian.Uint32(r[4:8]); s+int64(l) > from {
			dst = append(dst, Record{Start: s, Length: l, Kind: k})
		}
		prev = s
	}
	return dst, nil
}

// Valid checks that spans can be read: whole records of known kinds.
func Valid(spans []byte) error {
	if _, err := Count(spans); err != nil {
		return err
	}
	for i := RecordSize - 1; i < len(spans); i += RecordSize {
		if int(spans[i]) >= len(Kinds) {
			return fmt.Errorf("%w: kind code %d", ErrCorrupt, spans[i])
		}
	}
	return nil
}

// Decode unpacks a bucket's spans and UIDs (nil uids leaves UIDs empty),
// appending to dst.
func Decode(dst []Interval, bucket int64, spans, uids []byte) ([]Interval, error) {
	n0 := len(dst)
	err := Each(bucket, spans, func(s, e int64, k uint8) {
		dst = append(dst, Interval{Start: s, End: e, Kind: k})
	})
	if err != nil || uids == nil {
		return dst, err
	}
	for i := n0; i < len(dst); i++ {
		if len(uids) < 4 {
			return dst[:n0], ErrCorrupt
		}
		n := binary.BigEndian.Uint32(uids)
		if uint64(n) > uint64(len(uids)-4) {
			return dst[:n0], ErrCorrupt
		}
		dst[i].UID, uids = string(uids[4:4+n]), uids[4+n:]
	}
	if len(uids) != 0 {
		return dst[:n0], ErrCorrupt
	}
	return dst, nil
}

// Sort orders intervals as Encode needs them: by start, end, kind and UID.
func Sort(ivs []Interval) {
	slices.SortFunc(ivs, func(a, b Interval) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.Kind, b.Kind), strings.Compare(a.UID, b.UID))
	})
}
