class PaymentDeclined(Exception):
    """A user-defined failure: its qualified name must reach Java."""
