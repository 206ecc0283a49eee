/**
 * Builds the web app into web/dist (served by `palveluverkko serve` at /). Relative asset paths,
 * so the app works wherever it is mounted. `vite web` in development proxies the API to a
 * `palveluverkko serve` on port 8080.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const api = process.env.PALVELUVERKKO_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  root,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // MapLibre alone is about 1 MB minified; one chunk for it is fine for a planning tool on a LAN.
    chunkSizeWarningLimit: 1500,
    // Inline nothing: the page's Content-Security-Policy allows no data: scripts or styles.
    assetsInlineLimit: 0,
  },
  server: { proxy: { "/api": api, "/healthz": api } },
});
