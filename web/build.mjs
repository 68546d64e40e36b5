// Copies the workspace's front-end dependencies from node_modules into the Python package, so that
// `pip install` alone gives a working `sitroom serve` with no network: `npm ci && npm run build`.
// The copy is reproducible: versions are pinned in package.json / package-lock.json, and
// vendor/MANIFEST.json records each file's version and SHA-256.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "src", "sitroom", "serve", "static", "vendor");

// package -> files to ship (relative to the package folder); every package ships its licence.
const FILES = {
  leaflet: [
    "dist/leaflet.js",
    "dist/leaflet.css",
    "dist/images/layers.png",
    "dist/images/layers-2x.png",
    "dist/images/marker-icon.png",
    "dist/images/marker-icon-2x.png",
    "dist/images/marker-shadow.png",
    "LICENSE",
  ],
  "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
  // Natural Earth countries at 1:50m (public domain data), as TopoJSON: the offline basemap.
  "world-atlas": ["countries-50m.json", "LICENSE"],
};

rmSync(vendor, { recursive: true, force: true });
const manifest = {};
for (const [name, files] of Object.entries(FILES)) {
  const root = join(here, "node_modules", name);
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  for (const file of files) {
    const target = join(vendor, name, file.replace(/^dist\//, ""));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, file), target);
    const sha256 = createHash("sha256").update(readFileSync(target)).digest("hex");
    manifest[`${name}/${file.replace(/^dist\//, "")}`] = { package: name, version, sha256 };
  }
}
writeFileSync(join(vendor, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`copied ${Object.keys(manifest).length} files into ${vendor}`);
