#!/usr/bin/env bash
# Refresh the bundled offline basemap from npm's world-atlas (ISC licence; Natural Earth data, public
# domain). The report's map and the web app read src/sitroom/data/basemap/; nothing is fetched at run time.
set -euo pipefail
version="${1:-2.0.2}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "world-atlas@$version" >/dev/null && tar -xzf world-atlas-*.tgz)
mkdir -p src/sitroom/data/basemap
cp "$work/package/countries-50m.json" src/sitroom/data/basemap/countries-50m.json
cp "$work/package/LICENSE" src/sitroom/data/basemap/LICENSE.world-atlas
echo "world-atlas@$version" > src/sitroom/data/basemap/VERSION
ls -l src/sitroom/data/basemap
