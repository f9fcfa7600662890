"""Routes for meetings, minutes and action items."""
