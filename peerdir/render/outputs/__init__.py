"""Outputs: one module for each thing the site publishes (the group pages, the browse pages, the
events pages, the calendars, the map page and its data, the newsletter, the open-data files and
their page, the embeds' listings, the field reference, the maintainers' page).

An output is built from the shared parts (`render/parts/`) and never imports another output, so
that whatever two pages say alike (the name of a way of meeting, when an event is, a group's
small print) is said once, in a part, and not borrowed from one page's module by another. Where
outputs go together (the map page names its data file, the open-data page describes the files
beside it), `render/__init__.py` puts them together. `tests/test_render_layers.py` checks the rule.
"""
