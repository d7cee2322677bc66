// Builds the front end into dist/ (a stand-in for a bundler: no dependencies to install).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const page = readFileSync(new URL("./src/index.html", import.meta.url), "utf8");
mkdirSync(new URL("./dist/", import.meta.url), { recursive: true });
writeFileSync(new URL("./dist/index.html", import.meta.url), page.replace("%BUILT%", "built by node"));
console.log("wrote dist/index.html");
