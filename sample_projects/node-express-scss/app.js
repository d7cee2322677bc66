const path = require("node:path");
const express = require("express");

const app = express();
app.use(express.static(path.join(__dirname, "public")));
app.get("/health", (req, res) => res.send("ok"));
app.get("/", (req, res) => res.send('<link rel="stylesheet" href="/css/main.css"><h1>express scss</h1>'));

const port = process.env.PORT || 3000;
const server = app.listen(port, () => console.log(`listening on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
