"""Readers: input files → typed records, each with its source row; never rules."""
