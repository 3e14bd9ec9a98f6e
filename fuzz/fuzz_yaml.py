"""Fuzz the YAML reader and rule-pack validation: only RulePackError may escape."""

import sys

import atheris

with atheris.instrument_imports():
    from compliance.model.errors import ComplianceError, RulePackError
    from compliance.rulepacks.loader import pack_from_document
    from compliance.support.yamlfile import load_yaml_text


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    try:
        doc = load_yaml_text(text, "fuzz.yaml", RulePackError)
        pack_from_document(doc)
    except ComplianceError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
