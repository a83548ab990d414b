"""Helper processes the reliability harnesses start (``python -m reliability.workers.<name>``)."""
