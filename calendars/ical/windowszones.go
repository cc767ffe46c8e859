package ical

// The table of Windows zone names is generated from CLDR (and node-ical's legacy
// display names). To regenerate, install the data into a scratch directory and
// run go generate in this package:
//
//	(cd /tmp/cldr && npm install cldr-core node-ical)
//	CLDR_DIR=/tmp/cldr/node_modules go generate ./calendars/ical/
//
//go:generate sh -c "go run ../../tools/windowszones -o windowszones_gen.go $CLDR_DIR/cldr-core/supplemental/windowsZones.json $CLDR_DIR/node-ical/windowsZones.json"
