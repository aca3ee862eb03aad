"""The browser libraries the site serves itself: Leaflet and leaflet.markercluster, from npm.

They are pinned in package.json and package-lock.json and installed into node_modules/ by
`make setup` (`npm ci`); nothing is copied into the repository and nothing is loaded from
a CDN. The build publishes these files under `assets/lib/`, beside their licences.
"""

from __future__ import annotations

from pathlib import Path

from . import paths

# Output path under assets/lib/ -> path inside node_modules/.
LIBRARY_FILES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE",
    # leaflet.css refers to these; the directory's own markers are drawn with CSS.
    "leaflet/images/layers.png": "leaflet/dist/images/layers.png",
    "leaflet/images/layers-2x.png": "leaflet/dist/images/layers-2x.png",
    "leaflet/images/marker-icon.png": "leaflet/dist/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png": "leaflet/dist/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png": "leaflet/dist/images/marker-shadow.png",
    "leaflet.markercluster/leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    "leaflet.markercluster/MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
    "leaflet.markercluster/MIT-LICENCE.txt": "leaflet.markercluster/MIT-LICENCE.txt",
}
# Where the package itself lives: a project copied elsewhere (tests, a fork's content
# folder) still finds the libraries installed beside the package's own package.json.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class LibrariesMissing(Exception):
    """node_modules/ has not been installed (or not completely)."""


def library_url(name: str) -> str:
    """The site path a library file is published at, e.g. `assets/lib/leaflet/leaflet.js`."""
    if name not in LIBRARY_FILES:
        raise KeyError(f"{name} is not one of the libraries in peerdir/libraries.py")
    return f"{paths.LIBRARIES}/{name}"


def library_files(project_root: Path) -> dict[str, bytes]:
    """Every library file, keyed by the site path it is published at."""
    node_modules = find_node_modules(project_root, PACKAGE_ROOT)
    return {library_url(name): (node_modules / source).read_bytes() for name, source in LIBRARY_FILES.items()}


def find_node_modules(*roots: Path) -> Path:
    """The first `node_modules/` under these folders that holds every library file."""
    for root in roots:
        folder = root / "node_modules"
        if all((folder / source).is_file() for source in LIBRARY_FILES.values()):
            return folder
    raise LibrariesMissing(
        "the map's JavaScript libraries are not installed: run `make setup` "
        f"(or `npm ci` in {PACKAGE_ROOT}) to install them from package-lock.json"
    )
