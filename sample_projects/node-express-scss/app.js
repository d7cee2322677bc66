const fs = require("node:fs");
const path = require("node:path");
const express = require("express");

const app = express();
app.use(express.static(path.join(__dirname, "public")));
app.get("/health", (req, res) => res.send("ok"));
// Notes posted by users land in uploads/, created at start.
fs.mkdirSync("uploads", { recursive: true });
app.post("/notes", express.text(), (req, res) => {
  fs.writeFileSync(path.join("uploads", `${Date.now()}.txt`), req.body || "");
  res.status(201).send("saved");
});
app.get("/", (req, res) => res.send('<link rel="stylesheet" href="/css/main.css"><h1>express scss</h1>'));

const port = process.env.PORT || 3000;
const server = app.listen(port, () => console.log(`listening on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
