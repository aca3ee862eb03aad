"""The site engine's adapter: the only code that imports an engine (MkDocs 1.6, or ProperDocs in its place:
choice.py). Our plugin (plugin.py) hands the engine the generated pages and runs our finishing steps
(peerdir/finishing/) on what it writes; commands.py builds and serves; preview_server.py adapts the
engine's preview server. Another engine means another adapter here; the rest of the package stays.
"""
