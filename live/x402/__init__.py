"""x402 (HTTP 402) payments on EVM: wire format, facilitator, journal, gateway, client.

Modules: :mod:`~live.x402.wire` (headers, x402 package type bridge),
:mod:`~live.x402.facilitator` (verify/settle, exactly once, reconcile),
:mod:`~live.x402.journal` (SQLite WAL settlement journal),
:mod:`~live.x402.gateway` (FastAPI paid routes),
:mod:`~live.x402.upstream` (the ``x-x402-*`` headers telling an endpoint who paid),
:mod:`~live.x402.client` (payer),
:mod:`~live.x402.chain_web3` and :mod:`~live.x402.signer_web3` (web3 coupling),
:mod:`~live.x402.serve` (server process), :mod:`~live.x402.anvil` (local node for tests).
"""
