import { greeting } from "@repo/greeting";

export default function Home() {
  return <h1>{greeting("a Turborepo Next.js app")}</h1>;
}
