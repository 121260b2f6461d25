# pragma version 0.4.3
# pragma evm-version cancun
"""
@title PathUSD
@notice 6-decimal ERC-20 stablecoin used by Colony lab as a stand-in for
        pathUSD. Supports an owner-only faucet (`mint`), holder `burn`,
        EIP-2612 `permit`, EIP-3009 transfer/receive/cancel authorizations
        (USDC-style `(v, r, s)` entry points) and EIP-5267 `eip712Domain`.
@dev    Signatures are checked with `ecrecover`; `v` must be 27 or 28 and `s`
        must be in the lower half of the secp256k1 order (EIP-2). Only EOA
        signatures are supported (no EIP-1271).
"""

# ---------------------------------------------------------------- events

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    amount: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    amount: uint256

event AuthorizationUsed:
    authorizer: indexed(address)
    nonce: indexed(bytes32)

event AuthorizationCanceled:
    authorizer: indexed(address)
    nonce: indexed(bytes32)

event OwnershipTransferred:
    previousOwner: indexed(address)
    newOwner: indexed(address)

# ------------------------------------------------------------- constants

decimals: public(constant(uint8)) = 6
version: public(constant(String[8])) = "1"

EIP712_DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
PERMIT_TYPEHASH: public(constant(bytes32)) = keccak256(
    "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
)
TRANSFER_WITH_AUTHORIZATION_TYPEHASH: public(constant(bytes32)) = keccak256(
    "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
)
RECEIVE_WITH_AUTHORIZATION_TYPEHASH: public(constant(bytes32)) = keccak256(
    "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
)
CANCEL_AUTHORIZATION_TYPEHASH: public(constant(bytes32)) = keccak256(
    "CancelAuthorization(address authorizer,bytes32 nonce)"
)

# secp256k1n / 2 (EIP-2 upper bound for `s`)
SECP256K1_HALF_ORDER: constant(uint256) = 57896044618658097711785492504343953926418782139537452191302581570759080747168

# ---------------------------------------------------------------- state

name: public(immutable(String[64]))
symbol: public(immutable(String[32]))

NAME_HASH: immutable(bytes32)
VERSION_HASH: immutable(bytes32)
CACHED_CHAIN_ID: immutable(uint256)
CACHED_DOMAIN_SEPARATOR: immutable(bytes32)

owner: public(address)
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

# EIP-2612
nonces: public(HashMap[address, uint256])

# EIP-3009: authorizer => nonce => used or canceled
authorizationState: public(HashMap[address, HashMap[bytes32, bool]])


@deploy
def __init__(_name: String[64], _symbol: String[32]):
    """
    @param _name Token name; also the EIP-712 domain name.
    @param _symbol Token symbol.
    """
    name = _name
    symbol = _symbol
    NAME_HASH = keccak256(_name)
    VERSION_HASH = keccak256(version)
    CACHED_CHAIN_ID = chain.id
    CACHED_DOMAIN_SEPARATOR = self._build_domain_separator()
    self.owner = msg.sender
    log OwnershipTransferred(previousOwner=empty(address), newOwner=msg.sender)


# --------------------------------------------------------------- EIP-712

@internal
@view
def _build_domain_separator() -> bytes32:
    return keccak256(
        abi_encode(EIP712_DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, chain.id, self)
    )


@internal
@view
def _domain_separator() -> bytes32:
    if chain.id == CACHED_CHAIN_ID:
        return CACHED_DOMAIN_SEPARATOR
    return self._build_domain_separator()


@external
@view
def DOMAIN_SEPARATOR() -> bytes32:
    """
    @notice EIP-712 domain separator for the current chain id.
    """
    return self._domain_separator()


@external
@view
def eip712Domain() -> (bytes1, String[64], String[8], uint256, address, bytes32, DynArray[uint256, 1]):
    """
    @notice EIP-5267 domain description (fields: name, version, chainId,
            verifyingContract).
    """
    return (0x0f, name, version, chain.id, self, empty(bytes32), [])


@internal
@view
def _typed_digest(struct_hash: bytes32) -> bytes32:
    return keccak256(concat(b"\x19\x01", self._domain_separator(), struct_hash))


@internal
@pure
def _recover(digest: bytes32, v: uint8, r: bytes32, s: bytes32) -> address:
    assert v == 27 or v == 28, "invalid signature v"
    assert convert(s, uint256) <= SECP256K1_HALF_ORDER, "invalid signature s"
    signer: address = ecrecover(digest, v, r, s)
    assert signer != empty(address), "invalid signature"
    return signer


# ----------------------------------------------------------------- ERC-20

@internal
def _transfer(sender: address, receiver: address, amount: uint256):
    assert receiver != empty(address), "transfer to zero address"
    sender_balance: uint256 = self.balanceOf[sender]
    assert sender_balance >= amount, "insufficient balance"
    self.balanceOf[sender] = sender_balance - amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=sender, receiver=receiver, amount=amount)


@internal
def _approve(holder: address, spender: address, amount: uint256):
    assert spender != empty(address), "approve to zero address"
    self.allowance[holder][spender] = amount
    log Approval(owner=holder, spender=spender, amount=amount)


@external
def transfer(to: address, amount: uint256) -> bool:
    """
    @notice Move `amount` atomic units from the caller to `to`.
    """
    self._transfer(msg.sender, to, amount)
    return True


@external
def transferFrom(sender: address, to: address, amount: uint256) -> bool:
    """
    @notice Move `amount` from `sender` to `to` using the caller's allowance.
    @dev An allowance of max_value(uint256) is treated as infinite.
    """
    current: uint256 = self.allowance[sender][msg.sender]
    if current != max_value(uint256):
        assert current >= amount, "insufficient allowance"
        self.allowance[sender][msg.sender] = current - amount
    self._transfer(sender, to, amount)
    return True


@external
def approve(spender: address, amount: uint256) -> bool:
    """
    @notice Set the caller's allowance for `spender` to `amount`.
    """
    self._approve(msg.sender, spender, amount)
    return True


# ------------------------------------------------------------ mint / burn

@external
def mint(to: address, amount: uint256) -> bool:
    """
    @notice Faucet: create `amount` new units for `to`. Owner only.
    """
    assert msg.sender == self.owner, "caller is not the owner"
    assert to != empty(address), "mint to zero address"
    self.totalSupply += amount
    self.balanceOf[to] += amount
    log Transfer(sender=empty(address), receiver=to, amount=amount)
    return True


@external
def burn(amount: uint256) -> bool:
    """
    @notice Destroy `amount` units held by the caller.
    """
    holder_balance: uint256 = self.balanceOf[msg.sender]
    assert holder_balance >= amount, "insufficient balance"
    self.balanceOf[msg.sender] = holder_balance - amount
    self.totalSupply -= amount
    log Transfer(sender=msg.sender, receiver=empty(address), amount=amount)
    return True


@external
def transferOwnership(newOwner: address):
    """
    @notice Hand the faucet (mint right) to `newOwner`. Owner only.
    """
    assert msg.sender == self.owner, "caller is not the owner"
    assert newOwner != empty(address), "new owner is zero address"
    log OwnershipTransferred(previousOwner=self.owner, newOwner=newOwner)
    self.owner = newOwner


# --------------------------------------------------------------- EIP-2612

@external
def permit(
    holder: address,
    spender: address,
    amount: uint256,
    deadline: uint256,
    v: uint8,
    r: bytes32,
    s: bytes32,
):
    """
    @notice Approve `spender` for `amount` of `holder`'s tokens by signature.
    """
    assert holder != empty(address), "invalid owner"
    assert block.timestamp <= deadline, "permit is expired"
    nonce: uint256 = self.nonces[holder]
    struct_hash: bytes32 = keccak256(
        abi_encode(PERMIT_TYPEHASH, holder, spender, amount, nonce, deadline)
    )
    signer: address = self._recover(self._typed_digest(struct_hash), v, r, s)
    assert signer == holder, "invalid signature"
    self.nonces[holder] = nonce + 1
    self._approve(holder, spender, amount)


# --------------------------------------------------------------- EIP-3009

@internal
def _use_authorization(
    typehash: bytes32,
    authorizer: address,
    to: address,
    amount: uint256,
    validAfter: uint256,
    validBefore: uint256,
    nonce: bytes32,
    v: uint8,
    r: bytes32,
    s: bytes32,
):
    assert block.timestamp > validAfter, "authorization is not yet valid"
    assert block.timestamp < validBefore, "authorization is expired"
    assert not self.authorizationState[authorizer][nonce], "authorization is used or canceled"
    struct_hash: bytes32 = keccak256(
        abi_encode(typehash, authorizer, to, amount, validAfter, validBefore, nonce)
    )
    signer: address = self._recover(self._typed_digest(struct_hash), v, r, s)
    assert signer == authorizer, "invalid signature"
    self.authorizationState[authorizer][nonce] = True
    log AuthorizationUsed(authorizer=authorizer, nonce=nonce)
    self._transfer(authorizer, to, amount)


@external
def transferWithAuthorization(
    _from: address,
    to: address,
    amount: uint256,
    validAfter: uint256,
    validBefore: uint256,
    nonce: bytes32,
    v: uint8,
    r: bytes32,
    s: bytes32,
):
    """
    @notice Execute a transfer signed by `_from`; anyone may submit it.
    """
    self._use_authorization(
        TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
        _from, to, amount, validAfter, validBefore, nonce, v, r, s,
    )


@external
def receiveWithAuthorization(
    _from: address,
    to: address,
    amount: uint256,
    validAfter: uint256,
    validBefore: uint256,
    nonce: bytes32,
    v: uint8,
    r: bytes32,
    s: bytes32,
):
    """
    @notice Execute a transfer signed by `_from`; only the payee `to` may
            submit it (prevents front-running of deposit flows).
    """
    assert msg.sender == to, "caller must be the payee"
    self._use_authorization(
        RECEIVE_WITH_AUTHORIZATION_TYPEHASH,
        _from, to, amount, validAfter, validBefore, nonce, v, r, s,
    )


@external
def cancelAuthorization(authorizer: address, nonce: bytes32, v: uint8, r: bytes32, s: bytes32):
    """
    @notice Cancel an unused authorization nonce, signed by `authorizer`.
    """
    assert not self.authorizationState[authorizer][nonce], "authorization is used or canceled"
    struct_hash: bytes32 = keccak256(abi_encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce))
    signer: address = self._recover(self._typed_digest(struct_hash), v, r, s)
    assert signer == authorizer, "invalid signature"
    self.authorizationState[authorizer][nonce] = True
    log AuthorizationCanceled(authorizer=authorizer, nonce=nonce)
