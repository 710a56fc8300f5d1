// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title LiquidityPool
/// @notice The traders' counterparty: an ERC-4626 vault of the settlement token. Traders' losses are
/// paid into it and their profits out of it, by the engine only. LPs earn (or lose) what traders lose
/// (or win).
contract LiquidityPool is ERC4626 {
    using SafeERC20 for IERC20;

    address public immutable ENGINE;

    error NotEngine(address caller);

    constructor(IERC20 asset_, address engine) ERC20("xmargin LP", "xmLP") ERC4626(asset_) {
        ENGINE = engine;
    }

    /// @notice Pays a trader's profit. Only the engine.
    function pay(address to, uint256 amount) external {
        if (msg.sender != ENGINE) revert NotEngine(msg.sender);
        IERC20(asset()).safeTransfer(to, amount);
    }

    /// @dev Virtual shares make a first-depositor inflation attack unprofitable.
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }
}
