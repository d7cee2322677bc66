// Command api is the workspace's service; it imports a package from the shared module.
package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/ws/shared/greet"
)

func main() {
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greet.Status())
	})
	log.Fatal(http.ListenAndServe(":9006", nil)) //nolint:gosec // sample
}
