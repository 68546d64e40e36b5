"""Helpers for the time and quantity components: words, numbers, tense, normalisation."""
