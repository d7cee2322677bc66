// The shop's catalogue API.
package main

import (
	"log"
	"net"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/acme/shop/libs/health"
)

type product struct {
	SKU   string `json:"sku"`
	Price int    `json:"price_cents"`
}

func main() {
	cfg, err := loadConfig()
	if err != nil {
		log.Fatal(err)
	}
	e := echo.New()
	e.HideBanner = true
	e.Use(middleware.Recover())
	e.GET("/health", func(c echo.Context) error { return c.String(http.StatusOK, health.Status()) })
	e.GET("/products", func(c echo.Context) error {
		return c.JSON(http.StatusOK, []product{{"tea-01", 450}})
	})
	health.MarkReady()
	e.Logger.Fatal(e.Start(net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))))
}
