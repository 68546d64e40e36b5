"""The built front-end assets ship inside the package, match the pinned npm versions and need no network."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

from sitroom.serve import StaticAssets

ROOT = Path(__file__).parents[2]
STATIC = resources.files("sitroom.serve") / "static"


def test_vendor_files_are_the_pinned_versions_with_their_licences():
    pinned = json.loads((ROOT / "web" / "package.json").read_text())["dependencies"]
    manifest = json.loads((STATIC / "vendor" / "MANIFEST.json").read_text())
    assert {entry["package"] for entry in manifest.values()} == set(pinned)
    for name, entry in manifest.items():
        assert entry["version"] == pinned[entry["package"]], name
        body = (STATIC / "vendor" / name).read_bytes()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"], (
            f"{name} differs: run npm ci && npm run build"
        )
    for package in pinned:
        assert f"{package}/LICENSE" in manifest


def test_the_page_loads_only_its_own_files():
    assets = StaticAssets()
    page = assets.files["index.html"].body.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references
    for reference in references:
        assert reference.startswith(("/static/", "data:")), reference
        if reference.startswith("/static/"):
            assert reference.removeprefix("/static/") in assets.files, reference
    # The app's own modules (app.js and what it imports), each free of addresses and HTML-parsing sinks.
    own = {name for name in assets.files if name.endswith(".js") and not name.startswith("vendor/")}
    imported = set(re.findall(r'from "\./([\w.]+)"', assets.files["app.js"].body.decode()))
    assert imported and imported <= own and "app.js" in own
    for name in own:
        script = assets.files[name].body.decode()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", script), name
        assert "innerHTML" not in script and "insertAdjacentHTML" not in script, name
