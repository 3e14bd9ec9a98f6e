"""The nouns every layer shares: records read from files, findings, the screening result,
the report and its provenance, and the error types (file, line, field).

The lowest layer: it imports nothing else from the package."""
