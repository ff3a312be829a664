"""Benchmarks: synthetic province-scale data and the matching benchmark (`make bench`)."""
