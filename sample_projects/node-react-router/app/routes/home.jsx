export default function Home() {
  return <h1>React Router on react-router-serve</h1>;
}
