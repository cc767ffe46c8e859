package api

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// gzipMinLength is the smallest JSON answer worth compressing.
const gzipMinLength = 1024

// compressJSON gzips /v1 answers of at least gzipMinLength bytes for clients
// that accept it (and says Vary: Accept-Encoding). JSON answers carry no
// ETag, so the coding needs no validator of its own.
var compressJSON = middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: gzipMinLength})

// acceptsGzip reports whether the request accepts the gzip coding (and does
// not refuse it with q=0), RFC 9110 §12.5.3.
func acceptsGzip(c echo.Context) bool {
	for _, part := range strings.Split(c.Request().Header.Get(echo.HeaderAcceptEncoding), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// gzipBytes compresses a body.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
