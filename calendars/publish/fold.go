package publish

import (
	"bytes"
	"io"
)

// FoldingWriter folds the content lines written through it at 75 octets
// (RFC 5545 §3.1), as Write does, for encoders that write lines unfolded
// (github.com/emersion/go-ical). Lines end with CRLF; a line is written
// once it is complete, and Close writes a last line left without one.
type FoldingWriter struct {
	w    io.Writer
	line []byte
	out  []byte
}

// NewFoldingWriter folds lines onto w.
func NewFoldingWriter(w io.Writer) *FoldingWriter { return &FoldingWriter{w: w} }

// Write buffers p and writes each complete line folded.
func (f *FoldingWriter) Write(p []byte) (int, error) {
	f.line = append(f.line, p...)
	f.out = f.out[:0]
	for {
		i := bytes.Index(f.line, []byte("\r\n"))
		if i < 0 {
			break
		}
		f.out = appendFolded(f.out, f.line[:i])
		f.line = f.line[i+2:]
	}
	if len(f.out) > 0 {
		if _, err := f.w.Write(f.out); err != nil {
			return 0, err
		}
	}
	f.line = append(f.line[:0:0], f.line...)
	return len(p), nil
}

// Close writes a pending line without CRLF, folded and terminated.
func (f *FoldingWriter) Close() error {
	if len(f.line) == 0 {
		return nil
	}
	_, err := f.w.Write(appendFolded(nil, f.line))
	f.line = nil
	return err
}
