"""Browser and unfurl tests against a real `dealbrain serve` process (see conftest.py)."""
