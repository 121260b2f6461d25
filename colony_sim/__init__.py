"""Colony lab: simulation half."""
