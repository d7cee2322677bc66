// Package api is the kanban board's JSON API and the single-page app around it.
package api

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
)

type card struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Lane  string `json:"lane"`
}

// Router serves /api and /health, and the built front end from ui.
func Router(ui fs.FS) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	r.GET("/health", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	r.GET("/api/cards", func(c *gin.Context) {
		c.JSON(http.StatusOK, []card{{1, "Write the Dockerfile", "doing"}})
	})
	r.NoRoute(gin.WrapH(http.FileServer(http.FS(ui))))
	return r
}
