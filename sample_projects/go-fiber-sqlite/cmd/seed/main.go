// seed fills a notes database with examples (a release step, not the server).
package main

import (
	"log"
	"os"

	"github.com/acme/notes/internal/notes"
)

func main() {
	store, err := notes.Open(os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	for _, text := range []string{"buy tea", "write docs"} {
		if _, err := store.Add(text); err != nil {
			log.Fatal(err)
		}
	}
}
