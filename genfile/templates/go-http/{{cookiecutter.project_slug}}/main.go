// Command {{ cookiecutter.project_slug }} is {{ cookiecutter.project_name }}: an HTTP service with a
// health check and one example route, built on the standard library alone.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// newMux holds the routes, apart from the server, so tests can call them directly.
func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	// Liveness probe for load balancers and orchestrators: 200 "ok" while the process serves.
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok"))
	})
	// An example route: replace it with your own.
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		if name == "" {
			name = "world"
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"message": "Hello, " + name + "!"})
	})
	return mux
}

// listenPort is $PORT when set (the container image sets it), else the port chosen for this service.
func listenPort() string {
	if port := os.Getenv("PORT"); port != "" {
		return port
	}
	return "{{ cookiecutter.port }}"
}

func main() {
	server := &http.Server{
		Addr:              ":" + listenPort(),
		Handler:           newMux(),
		ReadHeaderTimeout: 5 * time.Second,
	}

	// docker stop sends SIGTERM: stop accepting connections, let open requests finish, exit.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	failed := make(chan error, 1)
	go func() {
		log.Printf("listening on %s", server.Addr)
		failed <- server.ListenAndServe()
	}()

	select {
	case err := <-failed:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := server.Shutdown(shutdown); err != nil {
			log.Fatal(err)
		}
	}
}
