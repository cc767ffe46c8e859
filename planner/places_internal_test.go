package planner

import (
	"fmt"
	"testing"
)

// The kept lists stay within both bounds, and what is kept is what was put.
func TestPlaceCacheBounds(t *testing.T) {
	var pc placeCache
	list := func(n int) []string {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprint("m", i)
		}
		return ids
	}
	for i := range placeCacheTeams + 10 {
		pc.put("org", fmt.Sprint("team", i), 1, list(3), nil)
	}
	if len(pc.entries) > placeCacheTeams || pc.ids != 3*len(pc.entries) {
		t.Fatalf("%d lists, %d IDs", len(pc.entries), pc.ids)
	}
	pc.put("org", "big", 7, list(placeCacheIDs-10), nil)
	if pc.ids > placeCacheIDs {
		t.Fatalf("%d IDs kept, bound %d", pc.ids, placeCacheIDs)
	}
	if ids, _, ok := pc.get("org", "big", 7); !ok || len(ids) != placeCacheIDs-10 {
		t.Fatalf("big list not kept: %v", ok)
	}
	if _, _, ok := pc.get("org", "big", 8); ok {
		t.Fatal("a list answered for another version")
	}
	pc.put("org", "big", 8, list(5), nil) // replaces, and gives the room back
	if ids, _, ok := pc.get("org", "big", 8); !ok || len(ids) != 5 {
		t.Fatal("replaced list not kept")
	}
	total := 0
	for _, e := range pc.entries {
		total += len(e.ids)
	}
	if total != pc.ids {
		t.Fatalf("count %d, lists hold %d", pc.ids, total)
	}
	pc.put("org", "huge", 1, list(placeCacheIDs+1), nil)
	if _, _, ok := pc.get("org", "huge", 1); ok {
		t.Fatal("a list over the bound was kept")
	}
}
