"""Our own steps around whatever engine builds the site, none of which imports one: the theme's files as we
publish them (theme_files.py: the icon sprite, the bundled stylesheet), minifying (minify.py), the search
index (site_search.py, Pagefind), and putting a built site in place whole (swap.py). The engine adapter
(peerdir/engine/) calls them; `build.py export` uses them to write sources any engine can build.
"""
