"""The agent's mind: predictors, pheromone trails and free energy.

This package is the interface the cycle talks to; the nine cognitive systems of the
seed plug in here as they land.
"""
