"""Ready-made comparisons ("arms" of an experiment) and their statistics.

A study is a dict of named configs run over a list of seeds; results are tidy rows with
an ``arm`` column, ready for :func:`colony_sim.studies.stats.ci95`.
"""
