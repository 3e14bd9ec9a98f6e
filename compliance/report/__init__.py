"""The report: findings plus provenance, rendered by one module per output format."""
