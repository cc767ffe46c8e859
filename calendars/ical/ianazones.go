package ical

// The table of IANA zone names is generated from Go's zoneinfo.zip; regenerate
// it when Go's tzdata gains a zone (TestIANAZonesTable fails then):
//
//	go generate ./calendars/ical/
//
//go:generate go run ../../tools/ianazones -o ianazones_gen.go
