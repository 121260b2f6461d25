"""Colony lab: live half (real chain, x402 gateway, git, WASM, HTTP peers)."""
