package main

import "github.com/kelseyhightower/envconfig"

// Config comes from the environment (envconfig), with the defaults below.
type Config struct {
	Host     string `envconfig:"HOST" default:"127.0.0.1"`
	Port     int    `envconfig:"PORT" default:"5000"`
	LogLevel string `envconfig:"LOG_LEVEL" default:"info"`
}

func loadConfig() (Config, error) {
	var cfg Config
	err := envconfig.Process("", &cfg)
	return cfg, err
}
