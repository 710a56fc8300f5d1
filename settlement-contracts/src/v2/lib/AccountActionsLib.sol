// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Trade, Withdraw} from "../base/AccountTypes.sol";

/// @title AccountActionsLib
/// @notice EIP-712 encoding of the signed actions of protocol v2 (docs/protocol-v2.md "Signed
/// actions"), identical to the intents package (`intents/src/v2`). The domain is `{name: "xmargin", version: "2",
/// chainId, verifyingContract: the AccountEngine}`; the engine applies it (OpenZeppelin EIP712).
library AccountActionsLib {
    string internal constant DOMAIN_NAME = "xmargin";
    string internal constant DOMAIN_VERSION = "2";

    bytes internal constant TRADE_TYPE =
        "Trade(address account,string market,int256 sizeDelta,uint256 limitPrice,uint32 maxLeverageBps,uint256 maxRelayerFee,uint256 nonce,uint32 deadline)";
    bytes internal constant WITHDRAW_TYPE =
        "Withdraw(address account,uint256 chainId,address token,uint256 amount,address to,uint16 maxFastFeeBps,uint256 maxRelayerFee,uint256 nonce,uint32 deadline)";

    bytes32 internal constant TRADE_TYPEHASH = keccak256(TRADE_TYPE);
    bytes32 internal constant WITHDRAW_TYPEHASH = keccak256(WITHDRAW_TYPE);
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    function hash(Trade calldata t) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                TRADE_TYPEHASH,
                t.account,
                keccak256(bytes(t.market)),
                t.sizeDelta,
                t.limitPrice,
                t.maxLeverageBps,
                t.maxRelayerFee,
                t.nonce,
                t.deadline
            )
        );
    }

    function hash(Withdraw calldata w) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                WITHDRAW_TYPEHASH,
                w.account,
                w.chainId,
                w.token,
                w.amount,
                w.to,
                w.maxFastFeeBps,
                w.maxRelayerFee,
                w.nonce,
                w.deadline
            )
        );
    }

    /// @notice The engine's domain separator on `chainId` (what the engine's EIP712 computes for itself).
    function domainSeparator(uint256 chainId, address engine) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes(DOMAIN_NAME)), keccak256(bytes(DOMAIN_VERSION)), chainId, engine
            )
        );
    }

    function digest(bytes32 separator, bytes32 structHash) internal pure returns (bytes32 d) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), separator)
            mstore(add(ptr, 0x22), structHash)
            d := keccak256(ptr, 0x42)
        }
    }
}
