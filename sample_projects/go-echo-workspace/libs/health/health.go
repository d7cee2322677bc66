// Package health is the readiness check every shop service exposes.
package health

import "sync/atomic"

var ready atomic.Bool

// MarkReady is called once the service can take traffic.
func MarkReady() { ready.Store(true) }

// Status is "ok" once ready, "starting" before.
func Status() string {
	if ready.Load() {
		return "ok"
	}
	return "starting"
}
