"""Suites that drive the served app as real clients do: browsers, fuzzers, attack tools, load."""
