"""A ``FacilitatorEvmSigner`` for the ``x402`` package, on our :class:`Web3Chain`.

The package's own ``FacilitatorWeb3Signer`` builds an HTTP provider from a URL; this one
reuses a :class:`~live.x402.chain_web3.Web3Chain`, so the package's ``x402Facilitator``
runs on the embedded eth-tester chain (under its lock) as well as on anvil. It is what
the reference server of the interop tests and the benchmark settles with.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes
from x402.mechanisms.evm.types import TransactionReceipt, TypedDataDomain, TypedDataField

from live.x402.chain_web3 import BroadcastError, TxSigner, Web3Chain

_ZERO = "0x" + "0" * 40
_DOMAIN_FIELDS = {
    "name": "string",
    "version": "string",
    "chainId": "uint256",
    "verifyingContract": "address",
    "salt": "bytes32",
}


class X402Web3FacilitatorSigner:
    """Implements ``x402.mechanisms.evm.FacilitatorEvmSigner`` (EOA signatures only).

    Args:
        chain: Chain access (reads, nonce counting, broadcasting).
        account: The facilitator account that signs and pays gas.
        receipt_timeout: Seconds to wait for a receipt.
    """

    def __init__(self, chain: Web3Chain, account: TxSigner, receipt_timeout: float = 30.0) -> None:
        self.chain = chain
        self.account = account
        self.receipt_timeout = receipt_timeout

    @property
    def address(self) -> str:
        """The facilitator address."""
        return str(to_checksum_address(self.account.address))

    def get_addresses(self) -> list[str]:
        """Addresses this facilitator settles from."""
        return [self.address]

    def get_chain_id(self) -> int:
        """Chain id."""
        return self.chain.chain_id

    def get_code(self, address: str) -> bytes:
        """Bytecode at ``address`` (empty for an EOA)."""
        return bytes(self.chain.call_with(lambda w3: w3.eth.get_code(to_checksum_address(address))))

    def get_balance(self, address: str, token_address: str) -> int:
        """Token balance (native balance for the zero address)."""
        if not token_address or token_address.lower() == _ZERO:
            return int(
                self.chain.call_with(lambda w3: w3.eth.get_balance(to_checksum_address(address)))
            )
        if token_address.lower() == self.chain.token_address.lower():
            return self.chain.balance_of(address)
        raise ValueError(f"token_address: {token_address} is not this chain's token")

    def read_contract(
        self, address: str, abi: list[dict[str, Any]], function_name: str, *args: Any
    ) -> Any:
        """Call a view (or simulate a call) on a contract."""

        def call(w3: Any) -> Any:
            contract = w3.eth.contract(address=to_checksum_address(address), abi=abi)
            fn = getattr(contract.functions, function_name)(*args)
            return fn.call({"from": self.address})

        return self.chain.call_with(call)

    def verify_typed_data(
        self,
        address: str,
        domain: TypedDataDomain,
        types: dict[str, list[TypedDataField]],
        primary_type: str,
        message: dict[str, Any],
        signature: bytes,
    ) -> bool:
        """Whether ``signature`` over the typed data recovers to ``address``."""
        if isinstance(domain, dict):
            dom = dict(domain)
        else:
            dom = {
                "name": domain.name,
                "version": domain.version,
                "chainId": domain.chain_id,
                "verifyingContract": domain.verifying_contract,
            }
            if not dom["version"]:
                del dom["version"]
        full_types: dict[str, list[dict[str, str]]] = {
            "EIP712Domain": [
                {"name": k, "type": _DOMAIN_FIELDS[k]} for k in dom if k in _DOMAIN_FIELDS
            ]
        }
        for name, fields in types.items():
            full_types[name] = [
                {"name": f.name, "type": f.type} if isinstance(f, TypedDataField) else dict(f)
                for f in fields
            ]
        msg = {k: ("0x" + v.hex() if isinstance(v, bytes) else v) for k, v in message.items()}
        try:
            signable = encode_typed_data(
                full_message={
                    "types": full_types,
                    "primaryType": primary_type,
                    "domain": dom,
                    "message": msg,
                }
            )
            recovered = Account.recover_message(signable, signature=bytes(signature))
        except Exception:  # malformed input is simply an invalid signature
            return False
        return bool(recovered.lower() == address.lower())

    def _send(self, to: str, data: str | bytes) -> str:
        tx = {
            "to": to_checksum_address(to),
            "data": data if isinstance(data, str) else "0x" + bytes(data).hex(),
            "value": 0,
            "gas": 200_000,
            "gasPrice": self.chain.gas_price(),
            "nonce": self.chain.reserve_nonce(self.address),
            "chainId": self.chain.chain_id,
        }
        signed = self.account.sign_transaction(tx)
        try:
            self.chain.broadcast("0x" + bytes(signed.raw_transaction).hex())
        except BroadcastError:
            self.chain.forget_nonce(self.address)
            raise
        return "0x" + bytes(signed.hash).hex()

    def write_contract(
        self,
        address: str,
        abi: list[dict[str, Any]],
        function_name: str,
        *args: Any,
        data_suffix: str | None = None,
    ) -> str:
        """Send a contract call; returns the transaction hash."""
        contract = self.chain.w3.eth.contract(address=to_checksum_address(address), abi=abi)
        data = contract.encode_abi(function_name, args=list(args))
        if data_suffix:
            data = data + data_suffix.removeprefix("0x")
        return self._send(address, data)

    def send_transaction(self, to: str, data: bytes) -> str:
        """Send raw calldata to ``to``; returns the transaction hash."""
        return self._send(to, data)

    def wait_for_transaction_receipt(self, tx_hash: str) -> TransactionReceipt:
        """Wait for the receipt (fast polling)."""
        status = self.chain.wait_receipt(tx_hash, self.receipt_timeout)
        if status is None:
            raise TimeoutError(f"transaction {tx_hash} not mined in {self.receipt_timeout} s")
        receipt = self.chain.call_with(lambda w3: w3.eth.get_transaction_receipt(HexBytes(tx_hash)))
        return TransactionReceipt(
            status=status,
            block_number=int(receipt["blockNumber"]),
            tx_hash=tx_hash,
            logs=list(receipt.get("logs") or []),
        )
