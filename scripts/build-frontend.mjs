// Copies the front-end packages installed from the npm registry into gongkai/static/dist.
import { copyFileSync, cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "gongkai", "static", "dist");
mkdirSync(dist, { recursive: true });
const files = [
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
  // pell (MIT): the back office's rich-text editor; no inline styles, so it runs under the strict CSP.
  ["node_modules/pell/dist/pell.min.js", "pell.min.js"],
  // Leaflet (BSD-2-Clause): the portal's disclosure map draws uploaded boundary GeoJSON, no tile server.
  ["node_modules/leaflet/dist/leaflet.js", "leaflet.js"],
  ["node_modules/leaflet/dist/leaflet.js.map", "leaflet.js.map"],
  ["node_modules/leaflet/dist/leaflet.css", "leaflet.css"],
];
for (const [from, to] of files) {
  copyFileSync(join(root, from), join(dist, to));
  console.log(`static/dist/${to}`);
}
// leaflet.css names its images (images/layers.png …): the hashed static storage needs them beside it.
cpSync(join(root, "node_modules/leaflet/dist/images"), join(dist, "images"), { recursive: true });
console.log("static/dist/images/");
