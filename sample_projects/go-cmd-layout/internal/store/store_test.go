package store

import "testing"

func TestCount(t *testing.T) {
	if got := NewMemory().Count(); got != 2 {
		t.Fatalf("Count() = %d, want 2", got)
	}
}
