class BadInput(Exception):
    """Raised when a record cannot be used."""
