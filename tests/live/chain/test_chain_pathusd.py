"""PathUSD behaviour on the in-process EmbeddedChain."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from eth_account.messages import encode_typed_data
from eth_keys.datatypes import Signature
from web3.logs import DISCARD

from live.chain.embedded import (
    CHAIN_ID,
    DEPLOYER_ADDRESS,
    NETWORK,
    TOKEN_ADDRESS,
    EmbeddedChain,
    TransactionFailedError,
)
from live.chain.token import (
    SECP256K1_N,
    UNITS_PER_TOKEN,
    TransferAuthorization,
    join_signature,
    new_nonce,
    permit_typed_data,
    sign_cancel_authorization,
    sign_permit,
    sign_transfer_authorization,
    split_signature,
    transfer_with_authorization_typed_data,
    typed_data_digest,
)
from live.chain.wallet import Wallet

pytestmark = pytest.mark.live

ONE = UNITS_PER_TOKEN
GAS = 10**18  # 1 ETH of gas money


@pytest.fixture(scope="module")
def chain() -> EmbeddedChain:
    return EmbeddedChain()


@pytest.fixture(scope="module")
def alice() -> Wallet:
    return Wallet.generate()


@pytest.fixture(scope="module")
def bob() -> Wallet:
    return Wallet.generate()


@pytest.fixture(scope="module")
def relayer() -> Wallet:
    return Wallet.generate()


@pytest.fixture(scope="module")
def funded(chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet) -> None:
    chain.faucet(alice.address, 100 * ONE)
    for w in (alice, bob, relayer):
        chain.fund_gas(w.address, GAS)


@pytest.fixture(autouse=True)
def isolated(chain: EmbeddedChain, funded: None) -> Iterator[None]:
    snap = chain.snapshot()
    yield
    chain.revert(snap)


def _deadline(chain: EmbeddedChain, seconds: int = 3600) -> int:
    return chain.timestamp() + seconds


def _submit(chain: EmbeddedChain, auth: TransferAuthorization, by: Wallet) -> Any:
    return chain.send(chain.token.functions.transferWithAuthorization(*auth.contract_args()), by)


# ----------------------------------------------------------------- deploy


def test_deploy_is_deterministic(chain: EmbeddedChain) -> None:
    assert chain.chain_id == CHAIN_ID
    assert NETWORK == "eip155:131277322940537"
    assert chain.owner == DEPLOYER_ADDRESS == chain.accounts[0]
    assert chain.token_address == TOKEN_ADDRESS
    assert chain.token.functions.owner().call() == chain.owner
    other = EmbeddedChain()
    assert other.token_address == TOKEN_ADDRESS
    assert other.deploy_gas_used == chain.deploy_gas_used
    assert other.total_supply() == 0


def test_metadata(chain: EmbeddedChain) -> None:
    fns = chain.token.functions
    assert fns.decimals().call() == 6
    assert fns.name().call() == "pathUSD"
    assert fns.symbol().call() == "pathUSD"
    assert fns.version().call() == "1"
    fields, name, version, chain_id, verifying, salt, extensions = fns.eip712Domain().call()
    assert fields == b"\x0f"
    assert (name, version, chain_id, verifying) == ("pathUSD", "1", CHAIN_ID, TOKEN_ADDRESS)
    assert salt == b"\x00" * 32 and extensions == []


def test_custom_name_and_symbol() -> None:
    other = EmbeddedChain(name="Test Dollar", symbol="TUSD")
    assert other.token.functions.name().call() == "Test Dollar"
    assert other.token.functions.symbol().call() == "TUSD"
    assert other.domain.name == "Test Dollar"


def test_domain_separator_matches_local_typed_data(chain: EmbeddedChain, alice: Wallet) -> None:
    typed = permit_typed_data(
        chain.domain, owner=alice.address, spender=alice.address, value=1, nonce=0, deadline=1
    )
    assert encode_typed_data(full_message=typed).header == (
        chain.token.functions.DOMAIN_SEPARATOR().call()
    )


# ------------------------------------------------------- mint/burn/transfer


def test_mint_only_by_owner(chain: EmbeddedChain, alice: Wallet, bob: Wallet) -> None:
    supply = chain.total_supply()
    with pytest.raises(TransactionFailedError, match="caller is not the owner") as info:
        chain.transact(chain.token.functions.mint(bob.address, ONE), chain.accounts[1])
    assert info.value.reason == "caller is not the owner"
    with pytest.raises(TransactionFailedError, match="caller is not the owner"):
        chain.send(chain.token.functions.mint(alice.address, ONE), alice)
    receipt = chain.faucet(bob.address, 5 * ONE)
    (event,) = chain.token.events.Transfer().process_receipt(receipt, errors=DISCARD)
    assert event["args"]["sender"] == "0x" + "00" * 20
    assert event["args"]["amount"] == 5 * ONE
    assert chain.balance_of(bob.address) == 5 * ONE
    assert chain.total_supply() == supply + 5 * ONE


def test_transfer_ownership_moves_faucet(chain: EmbeddedChain, bob: Wallet) -> None:
    new_owner = chain.accounts[2]
    with pytest.raises(TransactionFailedError, match="caller is not the owner"):
        chain.send(chain.token.functions.transferOwnership(bob.address), bob)
    chain.transact(chain.token.functions.transferOwnership(new_owner))
    chain.transact(chain.token.functions.mint(bob.address, ONE), new_owner)
    with pytest.raises(TransactionFailedError, match="caller is not the owner"):
        chain.faucet(bob.address, ONE)  # the old owner lost the faucet
    assert chain.balance_of(bob.address) == ONE


def test_transfer(chain: EmbeddedChain, alice: Wallet, bob: Wallet) -> None:
    receipt = chain.send(chain.token.functions.transfer(bob.address, 3 * ONE), alice)
    (event,) = chain.token.events.Transfer().process_receipt(receipt, errors=DISCARD)
    assert (event["args"]["sender"], event["args"]["receiver"]) == (alice.address, bob.address)
    assert chain.balance_of(alice.address) == 97 * ONE
    assert chain.balance_of(bob.address) == 3 * ONE
    with pytest.raises(TransactionFailedError, match="insufficient balance"):
        chain.send(chain.token.functions.transfer(alice.address, 3 * ONE + 1), bob)
    with pytest.raises(TransactionFailedError, match="zero address"):
        chain.send(chain.token.functions.transfer("0x" + "00" * 20, 1), alice)


def test_approve_and_transfer_from(chain: EmbeddedChain, alice: Wallet, bob: Wallet) -> None:
    chain.send(chain.token.functions.approve(bob.address, 2 * ONE), alice)
    chain.send(chain.token.functions.transferFrom(alice.address, bob.address, ONE), bob)
    assert chain.token.functions.allowance(alice.address, bob.address).call() == ONE
    with pytest.raises(TransactionFailedError, match="insufficient allowance"):
        chain.send(chain.token.functions.transferFrom(alice.address, bob.address, 2 * ONE), bob)


def test_burn(chain: EmbeddedChain, alice: Wallet) -> None:
    supply = chain.total_supply()
    chain.send(chain.token.functions.burn(40 * ONE), alice)
    assert chain.balance_of(alice.address) == 60 * ONE
    assert chain.total_supply() == supply - 40 * ONE
    with pytest.raises(TransactionFailedError, match="insufficient balance"):
        chain.send(chain.token.functions.burn(60 * ONE + 1), alice)


def test_total_supply_changes_only_via_mint_and_burn(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    holders = [alice.address, bob.address, relayer.address]
    supply = chain.total_supply()
    assert supply == sum(chain.balance_of(h) for h in holders)
    chain.send(chain.token.functions.transfer(bob.address, 7 * ONE), alice)
    chain.send(chain.token.functions.approve(relayer.address, ONE), bob)
    chain.send(chain.token.functions.transferFrom(bob.address, relayer.address, ONE), relayer)
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=2 * ONE, valid_before=_deadline(chain)
    )
    _submit(chain, auth, relayer)
    assert chain.total_supply() == supply == sum(chain.balance_of(h) for h in holders)
    chain.faucet(relayer.address, 11)
    chain.send(chain.token.functions.burn(5), bob)
    assert chain.total_supply() == supply + 11 - 5 == sum(chain.balance_of(h) for h in holders)


# ---------------------------------------------------------------- EIP-2612


def test_permit_sets_allowance_and_bumps_nonce(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet
) -> None:
    fns = chain.token.functions
    assert fns.nonces(alice.address).call() == 0
    args = sign_permit(
        alice, chain.domain, spender=bob.address, value=5 * ONE, nonce=0, deadline=_deadline(chain)
    )
    receipt = chain.send(fns.permit(*args), bob)  # submitted by the spender, not the owner
    (event,) = chain.token.events.Approval().process_receipt(receipt, errors=DISCARD)
    assert event["args"]["amount"] == 5 * ONE
    assert fns.allowance(alice.address, bob.address).call() == 5 * ONE
    assert fns.nonces(alice.address).call() == 1
    with pytest.raises(TransactionFailedError, match="invalid signature"):
        chain.send(fns.permit(*args), bob)  # replay: nonce already used
    chain.send(fns.transferFrom(alice.address, bob.address, 5 * ONE), bob)
    assert chain.balance_of(bob.address) == 5 * ONE


def test_expired_permit_reverts(chain: EmbeddedChain, alice: Wallet, bob: Wallet) -> None:
    args = sign_permit(
        alice, chain.domain, spender=bob.address, value=ONE, nonce=0, deadline=chain.timestamp()
    )
    with pytest.raises(TransactionFailedError, match="permit is expired"):
        chain.send(chain.token.functions.permit(*args), bob)


def test_permit_by_wrong_signer_reverts(chain: EmbeddedChain, alice: Wallet, bob: Wallet) -> None:
    typed = permit_typed_data(
        chain.domain,
        owner=alice.address,
        spender=bob.address,
        value=ONE,
        nonce=0,
        deadline=_deadline(chain),
    )
    v, r, s = split_signature(bob.sign_typed_data(full_message=typed).signature)
    call = chain.token.functions.permit(alice.address, bob.address, ONE, _deadline(chain), v, r, s)
    with pytest.raises(TransactionFailedError, match="invalid signature"):
        chain.send(call, bob)
    assert chain.token.functions.nonces(alice.address).call() == 0


# ---------------------------------------------------------------- EIP-3009


def test_transfer_with_authorization_by_third_party(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    fns = chain.token.functions
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE // 100, valid_before=_deadline(chain)
    )
    assert fns.authorizationState(alice.address, auth.nonce).call() is False
    alice_eth = chain.eth_balance(alice.address)
    receipt = _submit(chain, auth, relayer)
    assert chain.balance_of(bob.address) == ONE // 100
    assert chain.balance_of(alice.address) == 100 * ONE - ONE // 100
    assert chain.balance_of(relayer.address) == 0
    assert chain.eth_balance(alice.address) == alice_eth  # payer spent no gas
    (used,) = chain.token.events.AuthorizationUsed().process_receipt(receipt, errors=DISCARD)
    assert used["args"]["authorizer"] == alice.address
    assert used["args"]["nonce"] == auth.nonce
    assert fns.authorizationState(alice.address, auth.nonce).call() is True


def test_authorization_replay_reverts(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    _submit(chain, auth, relayer)
    with pytest.raises(TransactionFailedError, match="authorization is used or canceled"):
        _submit(chain, auth, relayer)
    with pytest.raises(TransactionFailedError, match="authorization is used or canceled"):
        _submit(chain, auth, bob)
    assert chain.balance_of(bob.address) == ONE


def test_expired_authorization_reverts(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    stale = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=chain.timestamp()
    )
    with pytest.raises(TransactionFailedError, match="authorization is expired"):
        _submit(chain, stale, relayer)
    # valid when signed, expired by the time it is submitted
    soon = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain, 60)
    )
    chain.advance_time(120)
    with pytest.raises(TransactionFailedError, match="authorization is expired"):
        _submit(chain, soon, relayer)
    assert chain.token.functions.authorizationState(alice.address, soon.nonce).call() is False


def test_not_yet_valid_authorization_reverts(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    auth = sign_transfer_authorization(
        alice,
        chain.domain,
        to=bob.address,
        value=ONE,
        valid_after=_deadline(chain, 600),
        valid_before=_deadline(chain, 3600),
    )
    with pytest.raises(TransactionFailedError, match="authorization is not yet valid"):
        _submit(chain, auth, relayer)
    chain.advance_time(1200)
    _submit(chain, auth, relayer)  # the same authorization works once its window opens
    assert chain.balance_of(bob.address) == ONE


def test_authorization_by_wrong_signer_reverts(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    nonce = new_nonce()
    deadline = _deadline(chain)
    typed = transfer_with_authorization_typed_data(
        chain.domain,
        from_=alice.address,
        to=bob.address,
        value=ONE,
        valid_after=0,
        valid_before=deadline,
        nonce=nonce,
    )
    forged = TransferAuthorization(
        from_=alice.address,
        to=bob.address,
        value=ONE,
        valid_after=0,
        valid_before=deadline,
        nonce=nonce,
        signature=bytes(bob.sign_typed_data(full_message=typed).signature),
    )
    with pytest.raises(TransactionFailedError, match="invalid signature"):
        _submit(chain, forged, relayer)


def test_tampered_amount_reverts(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    args = list(auth.contract_args())
    args[2] = 50 * ONE
    with pytest.raises(TransactionFailedError, match="invalid signature"):
        chain.send(chain.token.functions.transferWithAuthorization(*args), relayer)


def test_insufficient_balance_does_not_consume_nonce(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    auth = sign_transfer_authorization(
        bob, chain.domain, to=alice.address, value=ONE, valid_before=_deadline(chain)
    )
    with pytest.raises(TransactionFailedError, match="insufficient balance"):
        _submit(chain, auth, relayer)
    assert chain.token.functions.authorizationState(bob.address, auth.nonce).call() is False


def test_high_s_signature_rejected(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    v, r, s = auth.vrs
    high_s = SECP256K1_N - int.from_bytes(s, "big")
    flipped_v = 27 + 28 - v
    # the malleated signature is still a valid ECDSA signature by alice ...
    typed = transfer_with_authorization_typed_data(
        chain.domain,
        from_=alice.address,
        to=bob.address,
        value=ONE,
        valid_after=0,
        valid_before=auth.valid_before,
        nonce=auth.nonce,
    )
    sig = Signature(vrs=(flipped_v - 27, int.from_bytes(r, "big"), high_s))
    recovered = sig.recover_public_key_from_msg_hash(typed_data_digest(typed))
    assert recovered.to_checksum_address() == alice.address
    # ... but the contract enforces EIP-2 low-s
    malleated = TransferAuthorization(
        from_=auth.from_,
        to=auth.to,
        value=auth.value,
        valid_after=auth.valid_after,
        valid_before=auth.valid_before,
        nonce=auth.nonce,
        signature=join_signature(flipped_v, r, high_s.to_bytes(32, "big")),
    )
    with pytest.raises(TransactionFailedError, match="invalid signature s"):
        _submit(chain, malleated, relayer)
    _submit(chain, auth, relayer)  # the canonical one still works


def test_bad_v_rejected(chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet) -> None:
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    v, r, s = auth.vrs
    args = (*auth.contract_args()[:6], v - 27, r, s)  # v in {0, 1} is not accepted on chain
    with pytest.raises(TransactionFailedError, match="invalid signature v"):
        chain.send(chain.token.functions.transferWithAuthorization(*args), relayer)


def test_receive_with_authorization_only_by_payee(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    fns = chain.token.functions
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain), receive=True
    )
    with pytest.raises(TransactionFailedError, match="caller must be the payee"):
        chain.send(fns.receiveWithAuthorization(*auth.contract_args()), relayer)
    # a receive-typed signature is not valid for transferWithAuthorization
    with pytest.raises(TransactionFailedError, match="invalid signature"):
        _submit(chain, auth, relayer)
    chain.send(fns.receiveWithAuthorization(*auth.contract_args()), bob)
    assert chain.balance_of(bob.address) == ONE
    assert fns.authorizationState(alice.address, auth.nonce).call() is True


def test_cancel_authorization_blocks_later_use(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    fns = chain.token.functions
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    cancel = sign_cancel_authorization(alice, chain.domain, nonce=auth.nonce)
    receipt = chain.send(fns.cancelAuthorization(*cancel), relayer)
    (canceled,) = chain.token.events.AuthorizationCanceled().process_receipt(
        receipt, errors=DISCARD
    )
    assert canceled["args"]["authorizer"] == alice.address
    assert canceled["args"]["nonce"] == auth.nonce
    assert fns.authorizationState(alice.address, auth.nonce).call() is True
    with pytest.raises(TransactionFailedError, match="authorization is used or canceled"):
        _submit(chain, auth, relayer)
    with pytest.raises(TransactionFailedError, match="authorization is used or canceled"):
        chain.send(fns.cancelAuthorization(*cancel), relayer)
    assert chain.balance_of(bob.address) == 0


def test_cancel_by_wrong_signer_and_after_use_reverts(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    fns = chain.token.functions
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    _, nonce, v, r, s = sign_cancel_authorization(bob, chain.domain, nonce=auth.nonce)
    with pytest.raises(TransactionFailedError, match="invalid signature"):
        chain.send(fns.cancelAuthorization(alice.address, nonce, v, r, s), relayer)
    _submit(chain, auth, relayer)
    cancel = sign_cancel_authorization(alice, chain.domain, nonce=auth.nonce)
    with pytest.raises(TransactionFailedError, match="authorization is used or canceled"):
        chain.send(fns.cancelAuthorization(*cancel), relayer)


# ------------------------------------------------------------ chain tools


def test_send_sequences_nonces(chain: EmbeddedChain, alice: Wallet, bob: Wallet) -> None:
    start = chain.w3.eth.get_transaction_count(alice.address)
    for _ in range(5):
        chain.send(chain.token.functions.transfer(bob.address, 1), alice)
    assert chain.w3.eth.get_transaction_count(alice.address) == start + 5
    assert chain.balance_of(bob.address) == 5


def test_snapshot_and_revert(chain: EmbeddedChain, bob: Wallet) -> None:
    snap = chain.snapshot()
    chain.faucet(bob.address, ONE)
    assert chain.balance_of(bob.address) == ONE
    chain.revert(snap)
    assert chain.balance_of(bob.address) == 0


def test_fund_gas_and_validation(chain: EmbeddedChain) -> None:
    fresh = Wallet.generate()
    chain.fund_gas(fresh.address, 12345)
    assert chain.eth_balance(fresh.address) == 12345
    with pytest.raises(ValueError):
        chain.fund_gas(fresh.address, 0)
    with pytest.raises(ValueError):
        chain.faucet(fresh.address, 0)
    with pytest.raises(ValueError):
        chain.advance_time(0)


def test_usdc_style_abi_is_compatible(
    chain: EmbeddedChain, alice: Wallet, bob: Wallet, relayer: Wallet
) -> None:
    """Clients with their own USDC-style ABI (e.g. x402) hit the same selector."""
    args: list[dict[str, str]] = [
        {"name": "from", "type": "address"},
        {"name": "to", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "validAfter", "type": "uint256"},
        {"name": "validBefore", "type": "uint256"},
        {"name": "nonce", "type": "bytes32"},
        {"name": "v", "type": "uint8"},
        {"name": "r", "type": "bytes32"},
        {"name": "s", "type": "bytes32"},
    ]
    usdc_abi = [
        {
            "type": "function",
            "name": "transferWithAuthorization",
            "inputs": args,
            "outputs": [],
            "stateMutability": "nonpayable",
        }
    ]
    usdc_view = chain.w3.eth.contract(address=chain.token_address, abi=usdc_abi)
    auth = sign_transfer_authorization(
        alice, chain.domain, to=bob.address, value=ONE, valid_before=_deadline(chain)
    )
    call = usdc_view.functions.transferWithAuthorization(*auth.contract_args())
    assert call.selector == "0xe3ee160e"  # USDC FiatTokenV2 selector
    call.call({"from": relayer.address})  # simulation succeeds (eth_call)
    chain.send(call, relayer)
    assert chain.balance_of(bob.address) == ONE


def test_same_inputs_give_same_chain_history() -> None:
    # eth-tester's well-known dev key #2 (public test key; tests only)
    payer = Wallet.from_private_key("0x" + "00" * 31 + "02")
    payee = "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69"
    runs = []
    for _ in range(2):
        c = EmbeddedChain()
        c.faucet(payer.address, 10 * ONE)
        receipt = c.send(c.token.functions.transfer(payee, 3 * ONE), payer)
        runs.append((c.token_address, receipt["transactionHash"], receipt["gasUsed"]))
    assert runs[0] == runs[1]


def test_explicit_gas_skips_preflight_and_reports_mined_revert(
    chain: EmbeddedChain, bob: Wallet, alice: Wallet
) -> None:
    start = chain.w3.eth.get_transaction_count(bob.address)
    with pytest.raises(TransactionFailedError, match="reverted"):
        chain.send(chain.token.functions.transfer(alice.address, ONE), bob, gas=100_000)
    assert chain.w3.eth.get_transaction_count(bob.address) == start + 1  # it was mined


def test_concurrent_senders_are_serialised(chain: EmbeddedChain, alice: Wallet) -> None:
    senders = [Wallet.generate() for _ in range(3)]
    for w in senders:
        chain.faucet(w.address, 10)
        chain.fund_gas(w.address, GAS)
    errors: list[BaseException] = []

    def pay(w: Wallet) -> None:
        try:
            for _ in range(3):
                chain.send(chain.token.functions.transfer(alice.address, 1), w)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=pay, args=(w,)) for w in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [chain.balance_of(w.address) for w in senders] == [7, 7, 7]
    assert chain.balance_of(alice.address) == 100 * ONE + 9
