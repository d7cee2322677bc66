package cmd

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/acme/linkbox/internal/buildinfo"
)

var versionCmd = &cobra.Command{
	Use:   "version",
	Short: "Print the version",
	Run: func(cmd *cobra.Command, args []string) {
		fmt.Println(buildinfo.Version, buildinfo.Mode)
	},
}

func init() {
	rootCmd.AddCommand(versionCmd)
}

func itoa(n int) string { return strconv.Itoa(n) }
