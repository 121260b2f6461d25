"""Neural models as pure numpy functions (arrays in, arrays out)."""
