"""Routes for committees and their seats."""
