// {{ cookiecutter.project_name }}: starts the HTTP server.
import { app } from "./app.js";

// $PORT when set (the container image sets it), else the port chosen for this service.
const port = Number(process.env.PORT) || {{ cookiecutter.port }};

const server = app.listen(port, () => {
  console.log(`{{ cookiecutter.project_slug }} listening on port ${port}`);
});

// docker stop sends SIGTERM: stop accepting connections, let open requests finish, exit.
function shutdown() {
  server.close(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
