"""Rule packs: YAML files that encode one regulation each, read into typed models."""
