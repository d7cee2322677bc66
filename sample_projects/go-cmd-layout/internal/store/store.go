// Package store keeps the inventory in memory.
package store

import "sync"

// Memory is a concurrency-safe in-memory inventory.
type Memory struct {
	mu    sync.Mutex
	items map[string]int
}

// NewMemory returns a store with a few items.
func NewMemory() *Memory {
	return &Memory{items: map[string]int{"widget": 3, "gadget": 5}}
}

// Count is the number of distinct items.
func (m *Memory) Count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}

// Snapshot copies the items.
func (m *Memory) Snapshot() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.items))
	for k, v := range m.items {
		out[k] = v
	}
	return out
}
