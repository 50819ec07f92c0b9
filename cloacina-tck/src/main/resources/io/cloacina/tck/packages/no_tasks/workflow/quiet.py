"""A module that registers nothing: a valid, empty package."""
GREETING = "nothing to do"
