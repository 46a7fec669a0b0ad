"""Evaluation commands: each analysis stage scored on real labelled data."""
