"""ACLED exports: reading every codebook layout, and loading them into a graph."""
