// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccountPool} from "../../../src/v2/AccountPool.sol";
import {EngineHarness} from "../engine/EngineHarness.sol";

/// @notice The v2 engine with an AccountPool as its pool, funded by one LP (`seeder`) through a
/// request and its settlement, and a trader holding 2 WETH of collateral.
abstract contract AccountPoolHarness is EngineHarness {
    uint256 internal constant SEED = 1_000_000e6;
    /// @dev ERC-4626 virtual shares: 10 ** AccountPool's decimals offset.
    uint256 internal constant VIRTUAL = 1e6;

    AccountPool internal lpPool;
    address internal seeder = makeAddr("seeder");
    address internal alice = makeAddr("alice");
    address internal keeper = makeAddr("keeper");
    uint256 internal ethDollars = 3_000;

    struct SharePrice {
        uint256 assets;
        uint256 supply;
    }

    function setUp() public virtual override {
        super.setUp();
        lpPool = new AccountPool(engine, address(this));
        engine.setPool(address(lpPool));
        _settle(_requestDeposit(seeder, SEED));
        _deposit(trader, 2 ether);
    }

    function _requestDeposit(address who, uint256 assets) internal returns (uint256 id) {
        usd.mint(who, assets);
        vm.startPrank(who);
        usd.approve(address(lpPool), assets);
        id = lpPool.requestDeposit(assets, who);
        vm.stopPrank();
    }

    function _requestRedeem(address who, uint256 shares) internal returns (uint256 id) {
        vm.prank(who);
        id = lpPool.requestRedeem(shares, who);
    }

    function _waitFor(uint256 id) internal {
        uint64 readyAt = lpPool.requestOf(id).readyAt;
        if (block.timestamp < readyAt) vm.warp(readyAt);
    }

    /// @dev Waits for the request; a keeper settles it with an ETH price published now.
    function _settle(uint256 id) internal returns (uint256) {
        _waitFor(id);
        bytes[] memory update = _priceUpdate(ETH_FEED, ethDollars);
        vm.prank(keeper);
        return lpPool.settle(id, update);
    }

    function _open(int256 size) internal {
        vm.prank(trader);
        engine.trade("ETH-USD", size, size > 0 ? type(uint256).max : 0, 1_000_000, _noUpdate());
    }

    function _moveEth(uint256 dollars) internal {
        ethDollars = dollars;
        _movePrice(dollars);
    }

    /// @dev Long 10 ETH at 3,000, closed at `dollars`: the trader's PnL is in its cash.
    function _roundTrip(uint256 dollars) internal returns (int256 cash) {
        _open(10 ether);
        _moveEth(dollars);
        _open(-10 ether);
        return lens.cashOf(trader);
    }

    function _sharePrice() internal view returns (SharePrice memory) {
        return SharePrice(lpPool.totalAssets(), lpPool.totalSupply());
    }

    /// @dev (assets + 1) / (supply + virtual shares), ERC-4626's price, compared without division.
    function _assertNotLower(SharePrice memory before, SharePrice memory after_) internal pure {
        assertGe(
            (after_.assets + 1) * (before.supply + VIRTUAL),
            (before.assets + 1) * (after_.supply + VIRTUAL),
            "the share price fell"
        );
    }
}
