"""Generator-based evaluation of name matching on names the matcher has never seen.

Built from the list data itself (bundled `entity_lists/*/parties.jsonl`, the OFAC SDN
legacy CSV files and the Chinese-name file in `../shared/data`), read here as plain data
so the instrument shares no code or assumption with `compliance.matching`.
"""
