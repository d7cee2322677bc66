// The routes, apart from the server, so tests can run them on a port of their own.
import express from "express";

export const app = express();
app.disable("x-powered-by");

// Liveness probe for load balancers and orchestrators: 200 "ok" while the process serves.
app.get("/health", (req, res) => {
  res.type("text/plain").send("ok");
});

// An example route: replace it with your own.
app.get("/hello", (req, res) => {
  const name = typeof req.query.name === "string" ? req.query.name : "world";
  res.json({ message: `Hello, ${name}!` });
});
