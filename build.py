"""Check and build the peer support directory. Run `make setup` once, then `.venv/bin/python build.py --help`."""

import gc
import sys

from peerdir.cli import main

if __name__ == "__main__":
    code = main()
    # The command is done and the process ends. As it ends, Python's collector would look for cycles among
    # everything still alive (the loaded data, what a build leaves), which was a third of `validate` at 5,000
    # groups; frozen objects are left out of that. (Not in main(): the tests call it within their process.)
    gc.freeze()
    sys.exit(code)
