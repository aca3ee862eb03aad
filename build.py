"""Check and build the peer support directory. Run `python build.py --help`."""

import sys

from peerdir.cli import main

if __name__ == "__main__":
    sys.exit(main())
