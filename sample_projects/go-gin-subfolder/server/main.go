package main

import (
	"log"

	"github.com/acme/kanban/server/internal/api"
	"github.com/acme/kanban/server/web"
)

func main() {
	r := api.Router(web.Dist())
	// gin's Run() with no address listens on $PORT, or :8080 when PORT is unset.
	if err := r.Run(); err != nil {
		log.Fatal(err)
	}
}
