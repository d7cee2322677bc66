// The notes HTTP API.
package main

import (
	"fmt"
	"log"

	"github.com/gofiber/fiber/v2"

	"github.com/acme/notes/internal/config"
	"github.com/acme/notes/internal/notes"
)

func main() {
	cfg, err := config.Load("config.yml")
	if err != nil {
		log.Fatal(err)
	}
	store, err := notes.Open(cfg.Database)
	if err != nil {
		log.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/health", func(c *fiber.Ctx) error {
		version, err := store.Version()
		if err != nil {
			return err
		}
		return c.SendString("ok sqlite " + version)
	})
	app.Post("/notes", func(c *fiber.Ctx) error {
		id, err := store.Add(string(c.Body()))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": id})
	})
	app.Get("/notes/count", func(c *fiber.Ctx) error {
		n, err := store.Count()
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"count": n})
	})
	log.Fatal(app.Listen(fmt.Sprintf(":%d", cfg.Port)))
}
