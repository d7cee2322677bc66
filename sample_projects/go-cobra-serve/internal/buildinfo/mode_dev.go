//go:build !production

package buildinfo

// Mode says which build this is: go run and go test get the development one.
const Mode = "development"
