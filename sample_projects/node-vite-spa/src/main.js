import "./style.css";

const app = document.querySelector("#app");
app.textContent = `Vite SPA sample, route ${window.location.pathname}`;
