"""Layout repair: from a decoded source text to passages whose text is clean of layout debris.

Each parser reads the lines of one kind of document (`paper` for PDF dumps of academic
articles, `news` for web-page dumps of news reports, `text` for anything else) and
returns `Passage`s built from `Rope`s, so every character keeps its raw offset.
"""
