"use strict";

const fastify = require("fastify")({ logger: true });

fastify.get("/health", async () => ({ status: "ok" }));

fastify.get("/", async () => "Hello from Fastify\n");

const start = async () => {
  try {
    await fastify.listen({ port: Number(process.env.PORT) || 3002, host: "0.0.0.0" });
  } catch (err) {
    fastify.log.error(err);
    process.exit(1);
  }
};

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => fastify.close().then(() => process.exit(0)));
}

start();
