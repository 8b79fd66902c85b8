"""One module per CLI command family; each gets parsed args and returns an exit code."""
