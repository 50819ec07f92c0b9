"""A vendored helper, as Cloacina packages carry them in vendor/."""


def cents(amount):
    return int(round(amount * 100))
