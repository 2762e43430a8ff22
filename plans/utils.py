"""Small helpers for reading request parameters safely."""


def parse_id(value) -> int | None:
    """An ASCII decimal id from a query or form value, else None ("²".isdigit() is True in Python)."""
    value = str(value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
