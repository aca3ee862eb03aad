"""Parts: what the outputs (`render/outputs/`) share: the HTML builders and text, the words for
the vocabularies, formats, schedules and events, places, recurrence, contact links, QR codes, the
"alongside professional help" notes, the maps' skeletons, the public view of the data, the
embeds' markers and the rendering context.

A part is anything two outputs use, or that says a thing every page must say alike. Parts import
each other but never an output, so that an output can take any part without taking another
output with it. `tests/test_render_layers.py` checks the rule.
"""
