package gormstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"github.com/overlap/overlap/scheduler"
	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/busypack"
)

// Busy time is stored packed (store/busypack): one busy_packs row per
// calendar and 30-day bucket. A team is read with one indexed query (two
// at once for a large team, each half decoded as soon as it is read) whose
// rows are copied into a buffer per query (kept from one read to the next)
// and decoded twice (count, then fill), so a request allocates once per
// query for all its intervals whatever their number.

type busyPackRow struct {
	CalendarID string
	OrgID      string
	MemberID   string
	Bucket     int64
	MaxEnd     int64
	N          int
	Spans      []byte
	UIDs       []byte `gorm:"column:uids"`
}

func (busyPackRow) TableName() string { return "busy_packs" }

// kindReason is the scheduler reason code of each busypack kind code.
var kindReason = func() (out [len(busypack.Kinds)]scheduler.ReasonCode) {
	for i, k := range busypack.Kinds {
		out[i], _ = scheduler.Code(store.BusyStatus(k))
	}
	return out
}()

// writeBusyPacks replaces a calendar's packs. An interval that cannot be
// packed fails the write, and with it the snapshot.
func writeBusyPacks(tx *gorm.DB, calID, orgID, memberID string, ivs []store.BusyInterval) error {
	if err := tx.Where("calendar_id = ?", calID).Delete(&busyPackRow{}).Error; err != nil {
		return translate(err)
	}
	if len(ivs) == 0 {
		return nil
	}
	packed := make([]busypack.Interval, len(ivs))
	for i, b := range ivs {
		code, ok := busypack.KindCode(b.Kind)
		if !ok {
			return fmt.Errorf("%w: kind %q", busypack.ErrUnstorable, b.Kind)
		}
		packed[i] = busypack.Interval{Start: b.Start.Unix(), End: b.End.Unix(), Kind: code, UID: b.UID}
	}
	busypack.Sort(packed)
	packs, err := busypack.Encode(packed)
	if err != nil {
		return err
	}
	rows := make([]busyPackRow, len(packs))
	for i, p := range packs {
		rows[i] = busyPackRow{CalendarID: calID, OrgID: orgID, MemberID: memberID, Bucket: p.Bucket, MaxEnd: p.MaxEnd, N: p.N, Spans: p.Spans, UIDs: p.UIDs}
	}
	return translate(tx.CreateInBatches(rows, 100).Error)
}

// packSet is the packs read for a set of members: their spans copied into
// one buffer.
type packSet struct {
	buf  []byte
	refs []packRef
}

type packRef struct {
	member int // index in the member IDs asked
	bucket int64
	lo, hi int // spans in buf
}

// spans is a pack's encoded intervals.
func (ps *packSet) spans(r packRef) []byte { return ps.buf[r.lo:r.hi] }

func (ps *packSet) add(member int, bucket int64, spans []byte) {
	if ps.buf == nil {
		ps.buf = spareBuf() // a kept buffer: reads allocate only to grow one
	}
	lo := len(ps.buf)
	ps.buf = append(ps.buf, spans...)
	ps.refs = append(ps.refs, packRef{member: member, bucket: bucket, lo: lo, hi: len(ps.buf)})
}

// spareBufs keeps the buffers of sets read for the next read (a set's
// buffer is dropped once decoded): a large team's is megabytes. At most 4
// of at most 32 MiB are kept.
var spareBufs = make(chan []byte, 4)

// spareBuf returns an empty buffer, a kept one when there is one. (Not
// asking the database for the total size spares it materializing the rows
// to compute it.)
func spareBuf() []byte {
	select {
	case b := <-spareBufs:
		return b[:0]
	default:
		return make([]byte, 0, 64<<10)
	}
}

// release keeps the set's buffer for another read; ps is unusable after.
func (ps *packSet) release() {
	if cap(ps.buf) > 0 && cap(ps.buf) <= 32<<20 {
		select {
		case spareBufs <- ps.buf[:0]:
		default:
		}
	}
	ps.buf, ps.refs = nil, nil
}

// packReadSplit is the team size from which PostgreSQL reads a team's packs
// in two halves at once, on two connections: the busy read is the longest
// of a team's reads, and the halves are decoded while the other runs.
const packReadSplit = 400

// readPacks reads the spans of the members' packs that may hold intervals
// overlapping [from, to), and hands them to decode, ordered by member then
// bucket. On PostgreSQL a large team is read in two halves at once, each
// decoded by its own goroutine as soon as it is read (part is 0 or 1; the
// halves hold disjoint members); SQLite reads one part.
func (db *DB) readPacks(ctx context.Context, orgID string, memberIDs []string, from, to time.Time, decode func(part int, ps *packSet) error) error {
	hiBucket, fromS := busypack.Bucket(unixCeil(to)-1), from.Unix()
	if db.dialect == Postgres {
		parts := 1
		if len(memberIDs) >= packReadSplit {
			parts = 2
		}
		g, gctx := errgroup.WithContext(ctx)
		for k := range parts {
			lo, hi := k*len(memberIDs)/parts, (k+1)*len(memberIDs)/parts
			g.Go(func() error {
				var ps packSet
				defer ps.release()
				if err := db.readPacksPG(gctx, &ps, orgID, memberIDs[lo:hi], lo, hiBucket, fromS); err != nil {
					return err
				}
				return decode(k, &ps)
			})
		}
		return g.Wait()
	}
	ps := &packSet{}
	defer ps.release()
	idx := make(map[string]int, len(memberIDs))
	for i, id := range memberIDs {
		idx[id] = i
	}
	for start := 0; start < len(memberIDs); start += 500 {
		chunk := memberIDs[start:min(start+500, len(memberIDs))]
		rows, err := db.gorm.WithContext(ctx).Raw(`SELECT member_id, bucket, spans FROM busy_packs
			WHERE org_id = ? AND member_id IN ? AND bucket <= ? AND max_end > ?`, orgID, chunk, hiBucket, fromS).Rows()
		if err != nil {
			return translate(err)
		}
		var (
			member, spans []byte
			bucket        int64
		)
		for rows.Next() {
			if err := rows.Scan(&member, &bucket, &spans); err != nil {
				rows.Close()
				return err
			}
			ps.add(idx[string(member)], bucket, spans)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return translate(err)
		}
	}
	ps.sortRefs()
	return decode(0, ps)
}

// readPacksPG reads the packs of ids (memberIDs[first:…]) into ps, with
// member indexes counted from first: each member is looked up by a lateral
// index scan whatever the planner's statistics (OFFSET 0 keeps the subquery
// from being flattened into a join that the planner may answer with a scan
// of the organization).
func (db *DB) readPacksPG(ctx context.Context, ps *packSet, orgID string, ids []string, first int, hiBucket, fromS int64) error {
	const q = `SELECT m.i, p.bucket, p.spans
		FROM unnest($2::text[]) WITH ORDINALITY AS m(id, i)
		CROSS JOIN LATERAL (SELECT bucket, spans FROM busy_packs
			WHERE org_id = $1 AND member_id = m.id AND bucket <= $3 AND max_end > $4 OFFSET 0) AS p`
	var (
		i, bucket int64
		spans     pgtype.DriverBytes // valid until the next row: copied by add
	)
	err := db.pgRows(ctx, q, []any{orgID, ids, hiBucket, fromS}, []any{&i, &bucket, &spans}, func() error {
		ps.add(first+int(i-1), bucket, spans)
		return nil
	})
	ps.sortRefs()
	return err
}

// sortRefs orders the packs by member, then bucket: rows come in no
// promised order, and a member's intervals are decoded in pack order.
func (ps *packSet) sortRefs() {
	cmpRef := func(a, b packRef) int {
		return cmp.Or(cmp.Compare(a.member, b.member), cmp.Compare(a.bucket, b.bucket))
	}
	if !slices.IsSortedFunc(ps.refs, cmpRef) {
		slices.SortFunc(ps.refs, cmpRef)
	}
}

// each calls fn for every member and its intervals overlapping [from, to)
// of one pack, in buf (valid until the next call).
func (ps *packSet) each(from, to int64, fn func(member int, recs []busypack.Record)) error {
	var buf []busypack.Record
	for _, r := range ps.refs {
		var err error
		if buf, err = busypack.AppendOverlapping(buf[:0], r.bucket, ps.spans(r), from, to); err != nil {
			return fmt.Errorf("busy time of member %d: %w", r.member, err)
		}
		fn(r.member, buf)
	}
	return nil
}

// BusyBlocks returns the members' busy intervals overlapping [from, to) as
// compact scheduler blocks, by member (nil for a member with none), in one
// allocation per part read.
func (db *DB) BusyBlocks(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([][]scheduler.Busy, error) {
	lo, hi := from.Unix(), unixCeil(to)
	out := make([][]scheduler.Busy, len(memberIDs))
	err := db.readPacks(ctx, orgID, memberIDs, from, to, func(_ int, ps *packSet) error { return ps.blocks(lo, hi, out) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// blocks sets out[m] to the intervals of each member m of the set
// overlapping [from, to), all in one array: counted, then filled.
func (ps *packSet) blocks(from, to int64, out [][]scheduler.Busy) error {
	if len(ps.refs) == 0 {
		return nil
	}
	// refs are ordered by member; end holds counts, then each member's end
	// in all.
	first, last := ps.refs[0].member, ps.refs[len(ps.refs)-1].member
	end := make([]int, last-first+2)
	for _, r := range ps.refs {
		c, err := busypack.CountOverlapping(r.bucket, ps.spans(r), from, to)
		if err != nil {
			return fmt.Errorf("busy time of member %d: %w", r.member, err)
		}
		end[r.member-first+1] += c
	}
	for i := 1; i < len(end); i++ {
		end[i] += end[i-1]
	}
	all := make([]scheduler.Busy, end[len(end)-1])
	fill := slices.Clone(end[:len(end)-1])
	_ = ps.each(from, to, func(m int, recs []busypack.Record) {
		dst := all[fill[m-first] : fill[m-first]+len(recs)]
		for j, r := range recs {
			dst[j] = scheduler.Busy{Start: r.Start, Length: r.Length, Reason: kindReason[r.Kind]}
		}
		fill[m-first] += len(recs)
	})
	for m := first; m <= last; m++ {
		a, b := end[m-first], end[m-first+1]
		out[m] = all[a:b:b] // capped: appending to one never overwrites the next
	}
	return nil
}

// BusySpans returns member, start, end and kind of the busy intervals of the
// members overlapping [from, to).
func (db *DB) BusySpans(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]store.BusyInterval, error) {
	lo, hi := from.Unix(), unixCeil(to)
	var parts [2][]store.BusyInterval
	err := db.readPacks(ctx, orgID, memberIDs, from, to, func(k int, ps *packSet) error {
		n := 0
		for _, r := range ps.refs {
			c, err := busypack.CountOverlapping(r.bucket, ps.spans(r), lo, hi)
			if err != nil {
				return fmt.Errorf("busy time of member %d: %w", r.member, err)
			}
			n += c
		}
		out := make([]store.BusyInterval, 0, n)
		_ = ps.each(lo, hi, func(m int, recs []busypack.Record) {
			for _, r := range recs {
				out = append(out, store.BusyInterval{MemberID: memberIDs[m], Start: time.Unix(r.Start, 0).UTC(),
					End: time.Unix(r.Start+int64(r.Length), 0).UTC(), Kind: busypack.Kinds[r.Kind]})
			}
		})
		parts[k] = out
		return nil
	})
	if err != nil {
		return nil, err
	}
	return append(parts[0], parts[1]...), nil
}

// BusyBetween returns busy intervals of the members overlapping [from, to),
// with their calendars and UIDs, ordered by member and start.
func (db *DB) BusyBetween(ctx context.Context, orgID string, memberIDs []string, from, to time.Time) ([]store.BusyInterval, error) {
	lo, hi := from.Unix(), unixCeil(to)
	var out []store.BusyInterval
	var ivs []busypack.Interval
	for start := 0; start < len(memberIDs); start += 500 {
		chunk := memberIDs[start:min(start+500, len(memberIDs))]
		var rows []busyPackRow
		var err error
		if db.dialect == Postgres {
			// A lateral index lookup per member, as in readPacks: the plan
			// does not depend on the planner's statistics.
			var r busyPackRow
			err = db.pgRows(ctx, `SELECT p.calendar_id, p.member_id, p.bucket, p.spans, p.uids FROM unnest($2::text[]) AS m(id)
				CROSS JOIN LATERAL (SELECT calendar_id, member_id, bucket, spans, uids FROM busy_packs
					WHERE org_id = $1 AND member_id = m.id AND bucket <= $3 AND max_end > $4 OFFSET 0) AS p`,
				[]any{orgID, chunk, busypack.Bucket(hi - 1), lo}, []any{&r.CalendarID, &r.MemberID, &r.Bucket, &r.Spans, &r.UIDs},
				func() error {
					rows = append(rows, busyPackRow{CalendarID: r.CalendarID, MemberID: r.MemberID, Bucket: r.Bucket,
						Spans: slices.Clone(r.Spans), UIDs: slices.Clone(r.UIDs)})
					return nil
				})
		} else {
			err = db.gorm.WithContext(ctx).Where("org_id = ? AND member_id IN ? AND bucket <= ? AND max_end > ?", orgID, chunk, busypack.Bucket(hi-1), lo).
				Find(&rows).Error
		}
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			if ivs, err = busypack.Decode(ivs[:0], r.Bucket, r.Spans, r.UIDs); err != nil {
				return nil, fmt.Errorf("busy time of calendar %s: %w", r.CalendarID, err)
			}
			for _, iv := range ivs {
				if iv.Start < hi && iv.End > lo {
					out = append(out, store.BusyInterval{CalendarID: r.CalendarID, MemberID: r.MemberID,
						Start: time.Unix(iv.Start, 0).UTC(), End: time.Unix(iv.End, 0).UTC(), Kind: busypack.Kinds[iv.Kind], UID: iv.UID})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b store.BusyInterval) int {
		return cmp.Or(cmp.Compare(a.MemberID, b.MemberID), a.Start.Compare(b.Start), a.End.Compare(b.End))
	})
	return out, nil
}
