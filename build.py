"""Check and build the peer support directory. Run `make setup` once, then `.venv/bin/python build.py --help`."""

import sys

from peerdir.cli import main

if __name__ == "__main__":
    sys.exit(main())
