"""Chain layer of the live half: PathUSD token, embedded EVM chain and wallets.

Money is always an ``int`` of atomic units: PathUSD has 6 decimals, so
1 pathUSD == 1_000_000 units.
"""
