// linkbox keeps short links. `linkbox serve` runs the HTTP API; `linkbox version` prints the build.
package main

import "github.com/acme/linkbox/cmd"

func main() {
	cmd.Execute()
}
