// Package greet is shared by the workspace's modules.
package greet

// Status is what a healthy service reports.
func Status() string { return "ok" }
