// {{ cookiecutter.project_name }}: starts the HTTP server.
import { buildApp } from "./app.js";

// $PORT when set (the container image sets it), else the port chosen for this service.
const port = Number(process.env.PORT) || {{ cookiecutter.port }};
const app = buildApp();

// docker stop sends SIGTERM: stop accepting connections, let open requests finish, exit.
async function shutdown(): Promise<void> {
  await app.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

await app.listen({ port, host: "0.0.0.0" });
