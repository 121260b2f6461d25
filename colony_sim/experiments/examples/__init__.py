"""Example sweep designs (YAML), shipped with the package."""
