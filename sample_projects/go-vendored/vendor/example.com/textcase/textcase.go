// Package textcase changes the case of words.
package textcase

import "strings"

// Upper returns s in upper case.
func Upper(s string) string { return strings.ToUpper(s) }
