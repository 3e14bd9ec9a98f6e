"""Restricted-party lists: the model, the bundled and user snapshots, the importers."""
