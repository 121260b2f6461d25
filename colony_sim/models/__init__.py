"""Neural models as pure numpy functions (arrays in, arrays out).

``dense`` (ReLU MLP core, plain or agent-stacked), ``brain`` + ``brain_features`` (the
step-success brain), ``transformer`` + ``planner`` + ``vocab`` (the plan transformer),
``quality`` + ``diff_features`` (the code-quality model), ``registry`` (parameter counts)
and ``mlp`` (the original one-hidden-layer brain used by the predictors). Nothing is
imported here; import the module you need.
"""
