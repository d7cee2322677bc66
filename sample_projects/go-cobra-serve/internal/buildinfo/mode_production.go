//go:build production

package buildinfo

// Mode says which build this is: the release build passes -tags production.
const Mode = "production"
