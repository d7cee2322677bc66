// The HTTP API, called in-process through Fastify's inject (no port, no network).
import assert from "node:assert/strict";
import { test } from "node:test";

import { buildApp } from "./app.js";

test("GET /health answers ok", async () => {
  const app = buildApp();
  const response = await app.inject({ method: "GET", url: "/health" });
  assert.equal(response.statusCode, 200);
  assert.equal(response.body, "ok");
});

test("GET /hello greets by name", async () => {
  const app = buildApp();
  const response = await app.inject({ method: "GET", url: "/hello?name=Ada" });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { message: "Hello, Ada!" });
});
