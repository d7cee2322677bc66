// Package server is linkbox's HTTP API.
package server

import (
	"encoding/json"
	"log"
	"net/http"
	"sync"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/acme/linkbox/internal/buildinfo"
)

type links struct {
	mu sync.RWMutex
	by map[string]string
}

// Run serves the API on addr until the process stops.
func Run(addr string) error {
	store := &links{by: map[string]string{"go": "https://go.dev"}}
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Get("/health", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok " + buildinfo.Mode))
	})
	r.Get("/l/{name}", func(w http.ResponseWriter, req *http.Request) {
		store.mu.RLock()
		target, ok := store.by[chi.URLParam(req, "name")]
		store.mu.RUnlock()
		if !ok {
			http.NotFound(w, req)
			return
		}
		http.Redirect(w, req, target, http.StatusFound)
	})
	r.Get("/links", func(w http.ResponseWriter, _ *http.Request) {
		store.mu.RLock()
		defer store.mu.RUnlock()
		_ = json.NewEncoder(w).Encode(store.by)
	})
	log.Printf("linkbox %s listening on %s", buildinfo.Version, addr)
	return http.ListenAndServe(addr, r)
}
