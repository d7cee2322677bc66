import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";

const here = path.dirname(fileURLToPath(import.meta.url));
// Read at start from the project's templates/ folder (beside dist/ in the image).
const banner = readFileSync(path.join(here, "..", "templates/banner.txt"), "utf8").trim();

const app = Fastify({ logger: true });

app.get("/health", async () => "ok");
app.get("/", async () => ({ hello: banner }));

const port = Number(process.env.PORT) || 3000;
// Fastify's listen({ port }) binds localhost unless a host is given.
const host = process.env.HOST ?? "localhost";

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => app.close().then(() => process.exit(0)));
}

await app.listen({ port, host });
