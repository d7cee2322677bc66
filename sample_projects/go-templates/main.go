// Command webui renders HTML pages from templates/ and serves static/ from disk, so both are
// read at run time; the SQL migrations are embedded in the binary.
package main

import (
	"cmp"
	"embed"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"os"
	"time"
)

//go:embed migrations/*.sql
var migrations embed.FS

func main() {
	pages := template.Must(template.ParseGlob("templates/*.html"))
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		data := map[string]any{"Title": "webui", "Migrations": names}
		if err := pages.ExecuteTemplate(w, "index.html", data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})

	addr := ":" + cmp.Or(os.Getenv("PORT"), "9003")
	server := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("listening on %s (%d migrations embedded)", addr, len(names))
	log.Fatal(server.ListenAndServe())
}
