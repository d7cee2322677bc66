// exportdb copies links from a SQLite export to stdout; run on a workstation, not in the image.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/acme/linkbox/internal/store"
)

func main() {
	db, err := store.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name, target FROM links")
	if err != nil {
		log.Fatal(err)
	}
	for rows.Next() {
		var name, target string
		_ = rows.Scan(&name, &target)
		fmt.Println(name, target)
	}
}
