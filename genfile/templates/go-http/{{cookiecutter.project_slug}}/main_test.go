package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func get(t *testing.T, path string) (int, string) {
	t.Helper()
	server := httptest.NewServer(newMux())
	defer server.Close()
	response, err := http.Get(server.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	body, err := io.ReadAll(response.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response.StatusCode, string(body)
}

func TestHealth(t *testing.T) {
	status, body := get(t, "/health")
	if status != http.StatusOK || body != "ok" {
		t.Fatalf("GET /health = %d %q, want 200 \"ok\"", status, body)
	}
}

func TestHello(t *testing.T) {
	status, body := get(t, "/hello?name=Ada")
	if status != http.StatusOK || body != "{\"message\":\"Hello, Ada!\"}\n" {
		t.Fatalf("GET /hello = %d %q", status, body)
	}
}
