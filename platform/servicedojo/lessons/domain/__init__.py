"""Pure logic of the lessons slice: front matter, links, glossary linking, text, search, progress.

Nothing here imports Flask or the database, so it is tested with plain pytest in milliseconds.
"""
