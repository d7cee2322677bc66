// Package config reads config.yml; PORT and DATABASE_URL in the environment override it.
package config

import (
	"os"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Config is the service's configuration.
type Config struct {
	Port     int    `yaml:"port"`
	Database string `yaml:"database"`
}

// Load reads path, then the environment.
func Load(path string) (Config, error) {
	var cfg Config
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, err
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return cfg, err
	}
	if p, err := strconv.Atoi(os.Getenv("PORT")); err == nil {
		cfg.Port = p
	}
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		cfg.Database = dsn
	}
	return cfg, nil
}
