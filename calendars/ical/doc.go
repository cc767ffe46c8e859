// Package ical reads iCalendar (RFC 5545) bodies as busy time: it is the pure
// reader behind calendar import, with no storage, network or clock of its own
// (calendars fetches and stores; this package only reads bytes).
//
// Expand turns the bytes of one calendar, a member's time zone and a window into
// the exact busy intervals that overlap the window, in UTC. It owns everything
// between the bytes and the intervals: a bounded tokenizer, time zone resolution
// (the feed's own VTIMEZONEs, IANA names, Mozilla-prefixed names, Windows names via
// CLDR, Outlook display names), and recurrence: RRULE, RDATE, EXDATE,
// RECURRENCE-ID with RANGE=THISANDFUTURE, SEQUENCE. The busy-time contract it
// implements, and the corpus it is tested against, are described in
// shared/ical/README.md; each choice there is followed here. Strip reduces a
// body to what Expand reads, and WriteBusyLines prints a result in the corpus's
// format.
//
// Only start, end, kind and UID of each interval are kept; summaries,
// descriptions, attendees and the like are never stored, and nothing named inside
// a feed (URLs, attachments, TZURLs) is ever fetched.
//
// Every input is bounded by Limits: body size, line length, nesting depth,
// component count, instances per series, intervals per calendar, a time budget,
// and a budget of work per calendar (candidate instants, instances, VTIMEZONE
// onsets, rule set-ups, lines), shared by all its components and time zones and
// spent while generating, so that no input, however small, does unbounded work
// before a limit applies (hostile_gen_test.go holds the worst inputs known).
// Going past one is an error with a stable code (see ErrorCode); a component that
// cannot be read is skipped with a Warning and the rest of the calendar is kept.
package ical
