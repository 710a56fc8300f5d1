// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The attached first trade of a deposit, as the engine receives it.
struct DepositTrade {
    bytes32 marketId;
    /// @dev 18-decimal base units: positive long, negative short, 0 = no trade.
    int256 sizeDelta;
    uint256 limitPrice;
    uint32 maxLeverageBps;
    uint32 fillDeadline;
}

/// @notice A deposit as the vault reports it to the engine.
struct Deposit {
    bytes32 orderId;
    address account;
    address token;
    /// @dev Credited to the account: the amount pulled, less the solver fee.
    uint256 amount;
    address opener;
    /// @dev The route the trader signed: the engine checks the delivering messenger against it.
    bytes32 routeId;
    /// @dev Whether a solver fronts the attached trade (an ECDSA trader) or it runs on arrival.
    bool frontable;
    DepositTrade trade;
}

/// @notice The terms of a deposit order that its engine's FILLED and EXPIRED carry back to the vault,
/// which stores only their hash (`termsHash`) beside what it alone knows (opener, fee, status): two
/// storage slots per order instead of four.
struct DepositTerms {
    /// @dev Who signed the order: an EXPIRED refunds it, an overcharge's victim share goes to it.
    address user;
    address account;
    address token;
    /// @dev What Permit2 moved in, before the fee.
    uint256 amount;
    /// @dev The engine's chain: a message from another engine's chain can never match.
    uint256 destinationChainId;
}

/// @title AccountMessages
/// @notice Payloads between the AccountVault (origin) and the AccountEngine (destination) of protocol
/// v2 (docs/protocol-v2.md "Messages"): one kind byte, then the ABI-encoded fields. Every payload is
/// unique (an orderId, or an id the engine allocates), so a second copy is a no-op.
library AccountMessages {
    /// vault → engine: a deposit is held for an account.
    uint8 internal constant DEPOSITED = 1;
    /// engine → vault: the deposit's attached trade was fronted by `filler`.
    uint8 internal constant FILLED = 2;
    /// engine → vault: the attached trade can never be filled; refund the deposit, slash the opener.
    uint8 internal constant EXPIRED = 3;
    /// engine → vault: pay a withdrawal out of an account's collateral.
    uint8 internal constant RELEASE = 4;
    /// engine → vault: pay a keeper out of an account's collateral for a debt it settled.
    uint8 internal constant SEIZE = 5;

    error UnknownKind(uint8 kind);

    function deposited(Deposit memory deposit) internal pure returns (bytes memory) {
        return abi.encodePacked(DEPOSITED, abi.encode(deposit));
    }

    function filled(bytes32 orderId, address filler, DepositTerms memory terms) internal pure returns (bytes memory) {
        return abi.encodePacked(FILLED, abi.encode(orderId, filler, terms));
    }

    function expired(bytes32 orderId, DepositTerms memory terms) internal pure returns (bytes memory) {
        return abi.encodePacked(EXPIRED, abi.encode(orderId, terms));
    }

    /// @notice What the vault stores of an order's terms.
    function termsHash(DepositTerms memory terms) internal pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /// @notice A withdrawal out of `account`'s `token` here: `to` is paid, or whoever fronted it (a
    /// fast withdrawal, which may have kept at most `maxFastFeeBps` of it).
    function release(
        bytes32 withdrawalId,
        address account,
        address token,
        uint256 amount,
        address to,
        uint16 maxFastFeeBps
    ) internal pure returns (bytes memory) {
        return abi.encodePacked(RELEASE, abi.encode(withdrawalId, account, token, amount, to, maxFastFeeBps));
    }

    /// @notice Collateral of `account` to the keeper `to`, who paid the account's debt on the engine.
    function seize(bytes32 seizeId, address account, address token, uint256 amount, address to)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(SEIZE, abi.encode(seizeId, account, token, amount, to));
    }

    function kindOf(bytes calldata payload) internal pure returns (uint8) {
        return uint8(payload[0]);
    }

    function decodeDeposited(bytes calldata payload) internal pure returns (Deposit memory) {
        return abi.decode(payload[1:], (Deposit));
    }

    function decodeFilled(bytes calldata payload)
        internal
        pure
        returns (bytes32 orderId, address filler, DepositTerms memory terms)
    {
        return abi.decode(payload[1:], (bytes32, address, DepositTerms));
    }

    function decodeExpired(bytes calldata payload) internal pure returns (bytes32 orderId, DepositTerms memory terms) {
        return abi.decode(payload[1:], (bytes32, DepositTerms));
    }

    function decodeRelease(bytes calldata payload)
        internal
        pure
        returns (bytes32 withdrawalId, address account, address token, uint256 amount, address to, uint16 maxFastFeeBps)
    {
        return abi.decode(payload[1:], (bytes32, address, address, uint256, address, uint16));
    }

    function decodeSeize(bytes calldata payload)
        internal
        pure
        returns (bytes32 seizeId, address account, address token, uint256 amount, address to)
    {
        return abi.decode(payload[1:], (bytes32, address, address, uint256, address));
    }
}
