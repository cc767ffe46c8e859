#!/usr/bin/env bash
# A first walk through Overlap, run against a server:
#
#   TOKEN=ovl_... docs/walkthrough.sh            # BASE defaults to http://localhost:8080
#
# TOKEN is the admin token the server printed on its first start. Needs bash,
# curl and jq. Every id is captured with jq; the output is what README.md shows.
set -euo pipefail

BASE="${BASE:-http://localhost:8080}"
: "${TOKEN:?set TOKEN to the admin token the server printed on its first start}"
DOCS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "walkthrough: $tool is needed" >&2; exit 1; }
done

H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
# api METHOD PATH [curl args...]: one call that must succeed; prints the JSON.
api() { curl -sS --fail-with-body -X "$1" "${H[@]}" "$BASE$2" "${@:3}"; }
say() { printf '\n# %s\n' "$*"; }

say "Four members in four zones. Working hours default to Mon-Fri 09:00-17:00."
AIKO=$(api POST /v1/members -d '{"name":"Aiko","email":"aiko@example.com","timezone":"Asia/Tokyo"}' | jq -r .id)
BEN=$(api POST /v1/members -d '{"name":"Ben","timezone":"Europe/Berlin",
  "working_hours":{"mon":[{"start":"08:00","end":"12:00"},{"start":"13:00","end":"17:00"}],
                   "tue":[{"start":"08:00","end":"16:00"}],"wed":[{"start":"08:00","end":"16:00"}],
                   "thu":[{"start":"08:00","end":"16:00"}],"fri":[{"start":"08:00","end":"12:00"}]}}' | jq -r .id)
# A range that ends at or before its start runs past midnight; on override dates
# the working hours are read in the override's zone (travelling to Tokyo).
CARLA=$(api POST /v1/members -d '{"name":"Carla","timezone":"America/Los_Angeles",
  "working_hours":{"sun":[{"start":"22:00","end":"06:00"}],"mon":[{"start":"22:00","end":"06:00"}]},
  "zone_overrides":[{"from":"2027-01-10","to":"2027-01-20","timezone":"Asia/Tokyo"}]}' | jq -r .id)
DANA=$(api POST /v1/members -d '{"name":"Dana","timezone":"Europe/London"}' | jq -r .id)
api GET '/v1/members?limit=10' | jq -c '.items[] | {name, timezone}'

say "A team. Members are optional unless required; Ben must be at every meeting."
TEAM=$(api POST /v1/teams -d '{"name":"Platform"}' | jq -r .id)
for m in "$AIKO" "$CARLA" "$DANA"; do api PUT "/v1/teams/$TEAM/members/$m" >/dev/null; done
api PUT "/v1/teams/$TEAM/members/$BEN" -d '{"required":true}' >/dev/null
api GET "/v1/teams/$TEAM/members" | jq -c '.items[] | {name, timezone, required}'

say "Time off: whole days in the member's zone, or exact instants."
api POST "/v1/members/$DANA/time-off" -d '{"start_date":"2027-01-04","end_date":"2027-01-08","reason":"vacation"}' | jq -c '{start, "end": .end, all_day}'
api POST "/v1/members/$DANA/time-off" -d '{"start":"2027-01-11T13:00:00Z","end":"2027-01-11T15:00:00Z"}' | jq -c '{start, "end": .end, all_day}'

say "More tokens: admin (everything), manager (everything but tokens), viewer (read only)."
api POST /v1/tokens -d '{"name":"dashboard","role":"viewer"}' | jq -c '{name, role, token: (.token[0:4] + "…")}'

say "Calendars: upload Ben's public holidays (docs/holidays.ics); each event blocks its whole local days."
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H "Content-Type: text/calendar" \
  --data-binary @"$DOCS/holidays.ics" "$BASE/v1/members/$BEN/calendars?kind=holidays&name=Holidays" |
  jq -c '{name, kind, source, event_count, interval_count, stale}'
api GET "/v1/members/$BEN/busy?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z" | jq -c '.items[] | {start, "end": .end, kind}'

say "When can we meet? Ben's availability on Monday, in UTC and in Berlin."
Q="from=2027-01-11T00:00:00Z&to=2027-01-16T00:00:00Z"
api GET "/v1/members/$BEN/availability?from=2027-01-11T00:00:00Z&to=2027-01-12T00:00:00Z&tz=Europe/Berlin" |
  jq -c '.pieces[] | {start, start_local, status}'

say "Windows where Ben and at least one more member are free (quorum 2)."
api GET "/v1/teams/$TEAM/overlap?$Q&min_duration=PT30M&quorum=2" |
  jq -c '.member_info as $who | .windows[0:4][] | {start, "end": .end, available: [.segments[0].available[] | $who[.].name]}'

say "The best hour for everyone who can make it, fairest first."
api GET "/v1/teams/$TEAM/suggestions?$Q&duration=PT1H&limit=3" |
  jq -c '.member_info as $who | .suggestions[] | {start, attendees: [.attendees[] | $who[.member_id].name], worst_inconvenience}'

say "An ad-hoc question: Aiko and Dana, no team needed. Nothing fits, and the answer says why."
api POST "/v1/availability/overlap" -d "{\"members\":[{\"id\":\"$AIKO\"},{\"id\":\"$DANA\"}],
  \"from\":\"2027-01-11T00:00:00Z\",\"to\":\"2027-01-16T00:00:00Z\",\"min_duration\":\"PT1H\"}" | jq -c '{windows, empty_reason}'

say "Half of the team (minimum_attendee_percentage, rounded up: 2 of 4), answered in Tokyo time."
api POST "/v1/availability/overlap?tz=Asia/Tokyo" -d "{\"members\":[{\"id\":\"$AIKO\"},{\"id\":\"$BEN\"},{\"id\":\"$CARLA\"},{\"id\":\"$DANA\"}],
  \"from\":\"2027-01-11T00:00:00Z\",\"to\":\"2027-01-12T00:00:00Z\",\"minimum_attendee_percentage\":50}" |
  jq -c '{quorum, first: (.windows[0] | {start, start_local, end_local})}'

say "Team analytics: the mean number of members free, Mondays 09:00-11:00 in Berlin."
api GET "/v1/teams/$TEAM/analytics/heatmap?$Q&tz=Europe/Berlin" | jq -c '.cells[] | select(.weekday == "mon" and .hour >= 9 and .hour < 11)'

say "Core hours: the best daily 2-hour windows fixed in Berlin over 2027's weekdays, and when they leave someone's hours."
api GET "/v1/teams/$TEAM/core-hours?duration=PT2H&zone=Europe/Berlin&days=mon,tue,wed,thu,fri&from=2027-01-04&to=2028-01-03&limit=2" |
  jq -c '.candidates[] | {start, "end": .end, coverage, outside: [.members[] | select(.outside != []) | {name, outside: .outside[0]}]}'

say "A weekly all-hands whose start rotates fairly (never before 07:00 or from 22:00 local by default)."
SERIES_JSON=$(api POST "/v1/teams/$TEAM/meeting-series" -d '{"name":"All hands","duration":"PT1H",
  "recurrence":"FREQ=WEEKLY;BYDAY=TU","zone":"UTC","from":"2027-01-05","count":12,"slots":"auto"}')
SERIES=$(jq -r .id <<<"$SERIES_JSON")
jq -r '.summary, .rotation' <<<"$SERIES_JSON"
jq -c '.attendees[] | {name, misses, burden_minutes}' <<<"$SERIES_JSON"
api POST "/v1/teams/$TEAM/meeting-series/$SERIES/recompute" | jq -c '{revision, exact}'  # after hours or time off change
api POST /v1/feeds -d "{\"kind\":\"meeting_series\",\"team_id\":\"$TEAM\",\"series_id\":\"$SERIES\"}" | jq -c '{kind}'
api DELETE "/v1/teams/$TEAM/meeting-series/$SERIES" -o /dev/null -w 'series deleted (and its feeds): %{http_code}\n'

say "When will I get an answer? The team's response policy, then an on-call rotation."
api PUT "/v1/teams/$TEAM/response-policy" -d '{"normal":{"within":"PT2H","clock":"working"},"meetings_block":false}' | jq -c .normal
api PUT "/v1/teams/$TEAM/on-call" -d "{\"strategy\":\"rotation\",\"members\":[\"$BEN\",\"$DANA\"],
  \"shift_length\":\"P7D\",\"handoff\":\"09:00\",\"timezone\":\"Europe/Berlin\",\"start_date\":\"2027-01-04\"}" | jq -c '{strategy, shift_length}'

say "A message to Ben on Friday evening."
api GET "/v1/members/$BEN/response-time?sent_at=2027-01-08T18:00:00Z&priority=normal&team_id=$TEAM&tz=Europe/Berlin" |
  jq -c '{name, respond_by, respond_by_local}, .explanation[]'

say "An urgent message to the team at the same moment: who answers first?"
api GET "/v1/teams/$TEAM/response-time?sent_at=2027-01-08T18:00:00Z&priority=urgent" |
  jq -c '{respond_by, first: (.member_id as $id | .members[] | select(.member_id == $id) | .name), on_call: .on_call.name}'

say "Who is on call, shift by shift."
api GET "/v1/teams/$TEAM/on-call/shifts?from=2027-01-04T00:00:00Z&to=2027-01-25T00:00:00Z" | jq -c '.shifts[] | {start, "end": .end, name}'
api GET "/v1/teams/$TEAM/analytics/response?$Q&priority=normal" | jq -c '.overall | {samples, p50, p90, max}'

say "Where can everyone see it? A secret iCal subscription (shown once)."
FEED_JSON=$(api POST /v1/feeds -d "{\"kind\":\"team_overlap\",\"team_id\":\"$TEAM\",\"options\":{\"quorum\":2}}")
FEED=$(jq -r .id <<<"$FEED_JSON")
FEED_URL=$(jq -r .url <<<"$FEED_JSON")
jq -c '{kind, webcal_url: (.webcal_url | sub("//[^/]+/"; "//…/") | sub("ovf_[a-z2-7]+"; "ovf_…"))}' <<<"$FEED_JSON"
curl -sS --fail -o /dev/null -w '%{http_code} %{content_type}\n' "$FEED_URL"
NEW_URL=$(api POST "/v1/feeds/$FEED/rotate" | jq -r .url)  # a new URL; the old one stops at once
curl -sS -o /dev/null -w 'old URL: %{http_code}\n' "$FEED_URL"
curl -sS -o /dev/null -w 'new URL: %{http_code}\n' "$NEW_URL"
api DELETE "/v1/feeds/$FEED" -o /dev/null -w 'revoked: %{http_code}\n'

say "Errors are application/problem+json with a stable type and the fields at fault."
curl -sS "${H[@]}" "$BASE/v1/members" -d '{"name":"X","timezone":"Mars/Olympus"}' | jq -c '{type, status, errors}'
