// Command shout answers in capitals, with a dependency vendored in vendor/ (so the build
// needs no module download).
package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"example.com/textcase"
)

func envOr(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok && value != "" {
		return value
	}
	return fallback
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		// "ok" for the probe, in the case the vendored module gives back for lower case.
		_, _ = w.Write([]byte(textcase.Upper("status") + ": ok\n"))
	})
	port := envOr("PORT", "9005")
	server := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("listening on :%s", port)
	log.Fatal(server.ListenAndServe())
}
