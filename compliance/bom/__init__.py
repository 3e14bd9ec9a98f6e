"""The bill-of-materials domain: the BOM tree and its roll-up, substances, item matching
against the Chinese control lists, reference prices, and the BOM rule checks."""
