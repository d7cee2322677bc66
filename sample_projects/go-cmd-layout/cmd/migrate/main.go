// Command migrate prepares the inventory store (a one-off task, not the service).
package main

import (
	"fmt"

	"github.com/acme/inventory/internal/store"
)

func main() {
	items := store.NewMemory()
	fmt.Printf("store ready with %d items\n", items.Count())
}
