package gormstore_test

import (
	"testing"

	"github.com/overlap/overlap/store"
	"github.com/overlap/overlap/store/gormstore"
	"github.com/overlap/overlap/store/gormstore/testdb"
	"github.com/overlap/overlap/store/storetest"
)

func TestConformance(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store { return testdb.Open(t, d, nil) })
		})
	}
}

func TestMigrateTwice(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(string(d), func(t *testing.T) {
			db := testdb.Open(t, d, nil)
			if err := db.Migrate(t.Context(), nil); err != nil {
				t.Fatalf("second migrate: %v", err)
			}
		})
	}
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	if _, err := gormstore.Open(t.Context(), gormstore.Config{URL: "mysql://x"}); err == nil {
		t.Fatal("want an error for a mysql:// URL")
	}
}
