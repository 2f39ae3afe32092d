import "./admin.css";
import { App } from "./App";

// The /admin page's only script (no inline script under its CSP): the console fills <body>.
const start = () => new App(document.body).start();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
