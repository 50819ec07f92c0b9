"""A vendored dependency whose failure must be traced to this file."""


def check_positive(value):
    if value <= 0:
        raise ValueError(f"strictlib wants a positive number, got {value}")  # tck:mark vendor_raise
    return value
