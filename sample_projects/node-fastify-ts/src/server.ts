import Fastify from "fastify";

const app = Fastify({ logger: true });

app.get("/health", async () => "ok");
app.get("/", async () => ({ hello: "fastify" }));

const port = Number(process.env.PORT) || 3000;
// Fastify's listen({ port }) binds localhost unless a host is given.
const host = process.env.HOST ?? "localhost";

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => app.close().then(() => process.exit(0)));
}

await app.listen({ port, host });
