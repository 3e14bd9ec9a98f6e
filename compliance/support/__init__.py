"""Plumbing any layer may use: bundled-data paths, YAML with a line per field, file
hashes and dates, and the warm cache of validated packs and snapshots."""
