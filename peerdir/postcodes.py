"""Coordinates for a UK postcode, from postcodes.io (free, open data from the ONS and Ordnance Survey).

Used by `apply-issue` only, so that a group suggested with a postcode arrives with its lat and lon.
The look-up fails fast and quietly: without a network, or for a postcode postcodes.io does not
know, the answer is None and the pull request says that coordinates are still needed.
`PEERDIR_POSTCODES_URL` points it at another server with the same API (the tests run one locally).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request

from .schema import Postcode

POSTCODES_URL = "https://api.postcodes.io"
TIMEOUT_SECONDS = 5
DECIMALS = 4  # about 10 m, as the data files write coordinates; a postcode's centre is no closer than that


def postcodes_url() -> str:
    return os.environ.get("PEERDIR_POSTCODES_URL", POSTCODES_URL)


def look_up_postcode(postcode: str, base_url: str | None = None) -> tuple[float, float] | None:
    """(lat, lon) of the postcode's centre, or None: not a postcode, not known, or no answer in time."""
    match = Postcode.pattern.match(postcode.strip().upper())
    if not match:
        return None  # only something shaped like a postcode is ever sent
    url = f"{(base_url or postcodes_url()).rstrip('/')}/postcodes/{urllib.parse.quote(match[1] + match[2])}"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read(100_000))
        result = answer["result"]
        lat, lon = result["latitude"], result["longitude"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, TypeError):
        return None  # offline, 404 (unknown postcode), or an answer not in postcodes.io's shape
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lat, lon)):
        return None  # postcodes.io gives null for a few postcodes (e.g. the Channel Islands)
    return round(float(lat), DECIMALS), round(float(lon), DECIMALS)
