import ms from "ms";

export const greeting = (name) => `hello ${name}, up ${ms(Math.round(process.uptime() * 1000))}`;
