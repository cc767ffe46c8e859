// Package calendars imports members' calendars as busy time: the Importer
// subscribes to iCalendar URLs and takes uploaded files, reads them with
// calendars/ical over a window around now, and stores the busy intervals; it
// also says when each calendar is next due and whether its data is stale. The
// Refresher runs the Importer's refreshes in the background, leasing due
// calendars so that several replicas share the work.
//
// The subpackages are the rooms around it: ical reads RFC 5545 bodies (pure,
// no I/O), fetch gets a URL without SSRF, publish writes the published feeds,
// and icalfeed writes the meeting_series feed.
package calendars
