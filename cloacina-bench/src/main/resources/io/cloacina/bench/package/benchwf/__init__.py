"""Workflows the benchmarks load: each module is the entry module of one benchmark package."""
