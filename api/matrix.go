package api

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/overlap/overlap/scheduler"
)

// MatrixResponse is the pairwise overlap matrix in minutes. It is streamed
// (see writeMatrix); the type documents its shape.
type MatrixResponse struct {
	TeamID        string      `json:"team_id"`
	Members       []string    `json:"members"`
	Rows          []string    `json:"rows,omitempty"`
	SharedMinutes [][]int64   `json:"shared_minutes,omitempty"`
	Top           []MatrixTop `json:"top,omitempty"`
	NextCursor    string      `json:"next_cursor,omitempty"`
	// MemberInfo names each member once (id → name, timezone).
	MemberInfo MemberDirectory `json:"member_info"`
}

// MatrixTop is one member's best partners.
type MatrixTop struct {
	MemberID         string       `json:"member_id"`
	AvailableMinutes int64        `json:"available_minutes"`
	Pairs            []MatrixPair `json:"pairs"`
}

// MatrixPair is the time a member shares with another.
type MatrixPair struct {
	MemberID      string `json:"member_id"`
	SharedMinutes int64  `json:"shared_minutes"`
}

// matrixQuery is the paging of a matrix: rows [first, last) in team order,
// each row in full or its top pairs.
type matrixQuery struct {
	limit, top int
	after      string
	paged      bool
}

const maxMatrixRows = 1000

func parseMatrix(c echo.Context) (matrixQuery, error) {
	q := matrixQuery{}
	v := &ValidationError{}
	intParam(v, c.QueryParam, "member_limit", 1, maxMatrixRows, &q.limit)
	intParam(v, c.QueryParam, "top", 1, 100, &q.top)
	q.after = cursorParam(v, c)
	q.paged = q.limit > 0 || q.after != ""
	return q, v.err()
}

func (s *Server) teamMatrix(c echo.Context) error {
	mq, err := parseMatrix(c)
	if err != nil {
		return err
	}
	q, err := parseAnalysis(c, false)
	if err != nil {
		return err
	}
	r, err := s.planner.TeamMatrix(c.Request().Context(), principal(c).OrgID, c.Param("id"), q)
	if err != nil {
		return err
	}
	return writeMatrix(c, c.Param("id"), r.Pairs, mq, directory(r.In))
}

// writeMatrix streams the answer row by row: a 1,000-member matrix is
// computed and written one row at a time, never held whole.
func writeMatrix(c echo.Context, teamID string, pt *scheduler.PairTable, mq matrixQuery, who MemberDirectory) error {
	ids := pt.IDs()
	// Members are in team order (by ID): a page starts after the cursor's ID.
	first := sort.SearchStrings(ids, mq.after)
	if mq.after != "" && first < len(ids) && ids[first] == mq.after {
		first++
	}
	last := len(ids)
	if mq.limit > 0 {
		last = min(last, first+mq.limit)
	}
	first = min(first, last)
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(http.StatusOK)
	w := bufio.NewWriterSize(c.Response(), 32<<10)
	w.WriteString(`{"team_id":`)
	writeJSONString(w, teamID)
	w.WriteString(`,"members":`)
	writeIDs(w, ids)
	w.WriteString(`,"member_info":`)
	if err := json.NewEncoder(w).Encode(who); err != nil {
		return err
	}
	if mq.paged {
		w.WriteString(`,"rows":`)
		writeIDs(w, ids[first:last])
	}
	if mq.top > 0 {
		w.WriteString(`,"top":[`)
	} else {
		w.WriteString(`,"shared_minutes":[`)
	}
	var row []time.Duration
	var buf []byte
	ctx := c.Request().Context()
	for i := first; i < last; i++ {
		if err := ctx.Err(); err != nil {
			return err // the client left: stop computing rows nobody reads
		}
		row = pt.Row(i, row)
		buf = buf[:0]
		if i > first {
			buf = append(buf, ',')
		}
		if mq.top > 0 {
			buf = appendTop(buf, ids, i, row, mq.top)
		} else {
			buf = appendRow(buf, row)
		}
		w.Write(buf)
	}
	w.WriteString("]")
	if last < len(ids) {
		w.WriteString(`,"next_cursor":`)
		writeJSONString(w, base64.RawURLEncoding.EncodeToString([]byte("v1:"+ids[last-1])))
	}
	w.WriteString("}\n")
	return w.Flush()
}

func appendRow(buf []byte, row []time.Duration) []byte {
	buf = append(buf, '[')
	for j, d := range row {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, int64(d/time.Minute), 10)
	}
	return append(buf, ']')
}

// appendTop writes member i's n best partners: most shared time first, then
// by ID.
func appendTop(buf []byte, ids []string, i int, row []time.Duration, n int) []byte {
	best := make([]int, 0, n+1)
	better := func(a, b int) bool { return row[a] > row[b] || row[a] == row[b] && a < b }
	for j := range row {
		if j == i || len(best) == n && !better(j, best[n-1]) {
			continue
		}
		k := sort.Search(len(best), func(k int) bool { return better(j, best[k]) })
		best = append(best, 0)
		copy(best[k+1:], best[k:])
		best[k] = j
		best = best[:min(len(best), n)]
	}
	buf = append(buf, `{"member_id":`...)
	buf = appendJSONString(buf, ids[i])
	buf = append(buf, `,"available_minutes":`...)
	buf = strconv.AppendInt(buf, int64(row[i]/time.Minute), 10)
	buf = append(buf, `,"pairs":[`...)
	for k, j := range best {
		if k > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"member_id":`...)
		buf = appendJSONString(buf, ids[j])
		buf = append(buf, `,"shared_minutes":`...)
		buf = strconv.AppendInt(buf, int64(row[j]/time.Minute), 10)
		buf = append(buf, '}')
	}
	return append(buf, "]}"...)
}

func writeIDs(w *bufio.Writer, ids []string) {
	w.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			w.WriteByte(',')
		}
		writeJSONString(w, id)
	}
	w.WriteByte(']')
}

func writeJSONString(w *bufio.Writer, s string) { w.Write(appendJSONString(nil, s)) }
