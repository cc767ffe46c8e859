// Package publish writes Overlap's published iCalendar (RFC 5545) feeds: the
// secret subscription URLs that Google Calendar, Outlook and Apple Calendar
// poll for a team's availability (.ics) and free/busy time (.ifb).
//
// The package is pure: no clock, no I/O beyond the io.Writer it is given, and
// the same input always produces the same bytes, so an ETag computed from the
// output is stable between requests.
//
// Every feed starts from text that people typed (team names, titles,
// descriptions), and a title carrying CR/LF once injected whole events into a
// generated feed. The rules that prevent it:
//
//   - User text (names, summaries, descriptions, categories) is never an
//     error. It is sanitized, then escaped as TEXT (RFC 5545 §3.3.11): invalid
//     UTF-8 becomes U+FFFD; CRLF, LF and lone CR become the escape \n; every
//     other control character (U+0000–U+001F, including TAB, U+007F,
//     U+0080–U+009F, which holds NEL, and the separators U+2028 and U+2029) is
//     removed; \ ; and , are escaped.
//   - Identifiers the caller makes (UID, PRODID), times, the refresh interval
//     and sequence numbers are validated instead: a bad one is a bug in the
//     caller, and silently rewriting a UID could merge two events, so Write
//     rejects the feed with one of the Err sentinels. Valid UIDs and PRODIDs
//     are still escaped as TEXT.
//   - Lines end in CRLF and are folded at 75 octets. A fold never splits a
//     UTF-8 character or a backslash escape, so each physical line, including
//     the leading space of a continuation, is at most 75 octets and valid
//     UTF-8 on its own.
//   - The whole feed is validated and built in memory before anything is
//     written, so an error never leaves half a calendar in w.
package publish
