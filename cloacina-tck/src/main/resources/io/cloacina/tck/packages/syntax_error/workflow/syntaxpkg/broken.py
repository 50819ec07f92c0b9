"""Fails to compile on the marked line."""

def fine():
    return 1

def broken(:  # tck:mark syntax
    return 2
