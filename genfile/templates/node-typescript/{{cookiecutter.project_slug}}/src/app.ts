// The routes, apart from the server, so tests can call them in-process (app.inject).
import Fastify, { type FastifyInstance } from "fastify";

export function buildApp(): FastifyInstance {
  const app = Fastify({ logger: process.env.NODE_ENV === "production" });

  // Liveness probe for load balancers and orchestrators: 200 "ok" while the process serves.
  app.get("/health", async (_request, reply) => {
    return reply.type("text/plain; charset=utf-8").send("ok");
  });

  // An example route: replace it with your own.
  app.get<{ Querystring: { name?: string } }>("/hello", async (request) => {
    const name = request.query.name ?? "world";
    return { message: `Hello, ${name}!` };
  });

  return app;
}
