const express = require("express");

const app = express();
const port = process.env.PORT || 3001;

app.get("/health", (req, res) => {
  res.json({ status: "ok" });
});

app.get("/", (req, res) => {
  res.send("Hello from Express\n");
});

const server = app.listen(port, () => {
  console.log(`listening on ${port}`);
});

// Node ignores SIGTERM as PID 1 unless the app handles it: close the server and exit.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
