"""Demo data: the offices of the Department of Cooperatives and the people named in the seed letters."""
