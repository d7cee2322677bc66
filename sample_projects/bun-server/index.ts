import ms from "ms";

// Bun.serve without a port listens on $PORT (default 3000), on every interface.
const server = Bun.serve({
  fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/health") return new Response("ok");
    return Response.json({ runtime: `bun ${Bun.version}`, uptime: ms(Math.round(performance.now())) });
  },
});

process.on("SIGTERM", () => {
  server.stop();
  process.exit(0);
});

console.log(`listening on ${server.port}`);
