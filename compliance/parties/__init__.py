"""The counterparty domain: screening names against restricted-party lists, the ownership
graph, and the findings the Affiliates Rule and the 50 % rules give."""
