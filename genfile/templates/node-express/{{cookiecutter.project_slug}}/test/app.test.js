// The HTTP API on a free port of its own, with Node's built-in test runner and fetch.
import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, test } from "node:test";

import { app } from "../src/app.js";

let server;
let base;

before(async () => {
  server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.close();
});

test("GET /health answers ok", async () => {
  const response = await fetch(`${base}/health`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "ok");
});

test("GET /hello greets by name", async () => {
  const response = await fetch(`${base}/hello?name=Ada`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { message: "Hello, Ada!" });
});
