import http from "node:http";
import { greeting } from "@acme/shared";

const port = Number(process.env.PORT) || 3000;
const server = http.createServer((req, res) => {
  if (req.url === "/health") return res.end("ok");
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ message: greeting("api") }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
server.listen(port, "0.0.0.0", () => console.log(`api on ${port}`));
