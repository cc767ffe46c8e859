package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
)

// readBody reads at most maxBody bytes of decoded body. Decoding is done here
// rather than by http.Transport so that gzip sent without being asked for is
// decoded too, and so the limit provably applies after decompression. Errors
// are either *Error or raw read errors for bodyError to classify.
func readBody(resp *http.Response, maxBody int64) ([]byte, error) {
	var r io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		if resp.ContentLength > maxBody {
			return nil, tooLarge()
		}
	case "gzip", "x-gzip":
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		defer gz.Close()
		r = gz
	default:
		return nil, newError(CodeNotCalendar, false, "the feed's server used an unsupported content encoding")
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > maxBody {
		return nil, tooLarge()
	}
	return data, nil
}

func tooLarge() *Error {
	return newError(CodeBodyTooLarge, false, "the feed is larger than the allowed size")
}

// bodyError classifies a readBody failure. Contexts are checked first because
// an expired deadline can surface as almost any read error; anything left
// means the transfer or the compressed stream was cut short or damaged.
func bodyError(parent, timeoutCtx context.Context, err error) *Error {
	if e := contextError(parent, timeoutCtx); e != nil {
		return e
	}
	var fe *Error
	var netErr net.Error
	switch {
	case errors.As(err, &fe):
		return fe
	case errors.Is(err, io.EOF):
		return newError(CodeNotCalendar, false, "the feed is empty")
	case errors.Is(err, gzip.ErrHeader):
		return newError(CodeNotCalendar, false, "the feed claims to be gzip-compressed but is not")
	case errors.As(err, &netErr) && netErr.Timeout():
		return newError(CodeTimeout, true, "the feed's server stopped sending data")
	}
	return newError(CodeTruncated, true, "the feed's download ended early or was damaged")
}

var (
	utf8BOM       = []byte("\xEF\xBB\xBF")
	beginCalendar = []byte("BEGIN:VCALENDAR")
	endCalendar   = []byte("END:VCALENDAR")
)

// checkCalendar makes sure body looks like a whole iCalendar stream without
// parsing it: parsing is the parser's job, but a login page or an error page
// must not reach it dressed as an empty calendar. Property names are
// case-insensitive (RFC 5545 §2), hence EqualFold.
func checkCalendar(body []byte, contentType string) *Error {
	b := bytes.TrimLeft(bytes.TrimPrefix(body, utf8BOM), " \t\r\n")
	if len(b) == 0 {
		return newError(CodeNotCalendar, false, "the feed is empty")
	}
	if len(b) < len(beginCalendar) || !bytes.EqualFold(b[:len(beginCalendar)], beginCalendar) {
		if b[0] == '<' || strings.Contains(strings.ToLower(contentType), "html") {
			return newError(CodeNotCalendar, false, "the address returned a web page, not a calendar feed")
		}
		return newError(CodeNotCalendar, false, "the address did not return an iCalendar feed")
	}
	b = bytes.TrimRight(b, " \t\r\n")
	last := b[bytes.LastIndexByte(b, '\n')+1:]
	if !bytes.EqualFold(bytes.TrimSpace(last), endCalendar) {
		return newError(CodeTruncated, true, "the feed ended before END:VCALENDAR")
	}
	return nil
}
