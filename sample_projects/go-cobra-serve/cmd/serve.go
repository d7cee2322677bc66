package cmd

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/acme/linkbox/internal/server"
)

var listenPort int

var serveCmd = &cobra.Command{
	Use:   "serve",
	Short: "Run the HTTP API",
	RunE: func(cmd *cobra.Command, args []string) error {
		port := os.Getenv("PORT")
		if port == "" {
			port = itoa(listenPort)
		}
		return server.Run(":" + port)
	},
}

func init() {
	serveCmd.Flags().IntVarP(&listenPort, "port", "p", 4000, "port to listen on (PORT overrides it)")
	rootCmd.AddCommand(serveCmd)
}
