"""A local judge for competitive-programming problems in the Kattis problem package format."""

__version__ = "0.1.0"
