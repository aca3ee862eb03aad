"""peerdir: turns a peer support directory kept in YAML into a static website."""

__version__ = "0.1.0"
