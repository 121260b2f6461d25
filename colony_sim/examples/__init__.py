"""Small models written on the engine; the first thing to read to learn the API."""
