import { greeting } from "@acme/shared";

setInterval(() => console.log(greeting("worker")), 60_000);
