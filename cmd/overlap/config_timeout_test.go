package main

import (
	"testing"
	"time"
)

func TestRequestTimeoutSetting(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if c := envDefaults(env(nil)); c.RequestTimeout != 10*time.Second || c.validate() != nil {
		t.Fatalf("default request timeout = %v", c.RequestTimeout)
	}
	if c := envDefaults(env(map[string]string{"OVERLAP_REQUEST_TIMEOUT": "2500ms"})); c.RequestTimeout != 2500*time.Millisecond {
		t.Fatalf("OVERLAP_REQUEST_TIMEOUT=2500ms read as %v", c.RequestTimeout)
	}
	for _, bad := range []string{"ten", "0s", "-1s"} {
		c := envDefaults(env(map[string]string{"OVERLAP_REQUEST_TIMEOUT": bad}))
		if err := c.validate(); err == nil {
			t.Errorf("OVERLAP_REQUEST_TIMEOUT=%q accepted", bad)
		}
	}
}
