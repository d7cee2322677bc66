// Package store reads a linkbox export (a SQLite file) for the offline tools.
package store

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver (cgo)
)

// Open opens the export at path.
func Open(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", path)
}
