import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();

app.get("/health", (c) => c.text(`ok (node ${process.version})`));
app.get("/", (c) => c.text("Hello from Hono\n"));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3005 });

process.on("SIGTERM", () => server.close(() => process.exit(0)));
