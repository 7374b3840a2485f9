"""The generated models, one module per group; import them from the `models` module."""
