export default function Home() {
  return <main>Hello from Next.js</main>;
}
