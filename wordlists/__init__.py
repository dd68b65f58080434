"""Plain-text data shipped with ocrfix (lexicons, confusion tables, furniture templates).

Built by scripts/build_wordlists.py; this file only makes the folder an importable resource package.
"""
