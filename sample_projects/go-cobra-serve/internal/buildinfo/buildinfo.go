// Package buildinfo is stamped by the release build (see the Makefile).
package buildinfo

// Version is set with -ldflags "-X github.com/acme/linkbox/internal/buildinfo.Version=...".
var Version = "dev"
