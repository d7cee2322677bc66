// Command inventory serves the inventory API.
package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"github.com/acme/inventory/internal/httpapi"
	"github.com/acme/inventory/internal/store"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "9002"
	}
	items := store.NewMemory()
	server := &http.Server{
		Addr:              ":" + port,
		Handler:           httpapi.New(items, version),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Printf("inventory %s listening on %s", version, server.Addr)
	log.Fatal(server.ListenAndServe())
}
