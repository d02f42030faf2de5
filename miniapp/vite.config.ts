import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API (`pnpm start`) serves `/api` and the demo sign-in at `/dev`; the dev
// server forwards both so the app talks to it from the same origin, as it does when built.
const API = "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api/": API,
      "/dev/": API,
    },
  },
});
