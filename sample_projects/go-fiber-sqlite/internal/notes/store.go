// Package notes keeps notes in SQLite (mattn/go-sqlite3: cgo).
package notes

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

// Note is one note.
type Note struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

// Store is the notes table.
type Store struct{ db *sql.DB }

// Open opens (and creates) the database at dsn.
func Open(dsn string) (*Store, error) {
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection keeps an in-memory database alive
	_, err = db.Exec(`CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`)
	return &Store{db}, err
}

// Add stores a note.
func (s *Store) Add(text string) (int64, error) {
	res, err := s.db.Exec(`INSERT INTO notes (text) VALUES (?)`, text)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// Count is the number of notes.
func (s *Store) Count() (n int, err error) {
	err = s.db.QueryRow(`SELECT count(*) FROM notes`).Scan(&n)
	return n, err
}

// Version is the SQLite library's version.
func (s *Store) Version() (v string, err error) {
	err = s.db.QueryRow(`SELECT sqlite_version()`).Scan(&v)
	return v, err
}
