package calendars

// The table of IANA zone names is generated from Go's zoneinfo.zip; regenerate
// it when Go's tzdata gains a zone (TestIANAZonesTable fails then):
//
//	go generate ./calendars/
//
//go:generate go run ../tools/ianazones -o ianazones_gen.go
