// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MockPyth} from "@pythnetwork/pyth-sdk-solidity/MockPyth.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {PythOracle} from "../../src/oracle/PythOracle.sol";

/// The Pyth adapter: 18-decimal quotes with a confidence band, refused when stale, uncertain,
/// non-positive or of an exponent it cannot scale; updates pay Pyth's fee and refund the rest.
contract PythOracleTest is Test {
    bytes32 internal constant FEED = keccak256("ETH/USD");
    uint256 internal constant MAX_AGE = 60;
    uint256 internal constant MAX_CONF_BPS = 100;

    MockPyth internal pyth;
    PythOracle internal oracle;
    address internal keeper = makeAddr("keeper");

    function setUp() public {
        vm.warp(1_000_000);
        pyth = new MockPyth(MAX_AGE, 0);
        oracle = new PythOracle(pyth, MAX_AGE, MAX_CONF_BPS);
    }

    function _update(bytes32 feed, int64 price, uint64 conf, int32 expo, uint256 publishTime)
        internal
        view
        returns (bytes[] memory update)
    {
        update = new bytes[](1);
        update[0] = pyth.createPriceFeedUpdateData(feed, price, conf, expo, price, conf, uint64(publishTime), 0);
    }

    function _post(int64 price, uint64 conf, int32 expo, uint256 publishTime) internal {
        pyth.updatePriceFeeds(_update(FEED, price, conf, expo, publishTime));
    }

    // ---------------------------------------------------------------- quote

    function test_quote_scalesToWadWithConfidenceBand() public {
        _post(3_000e8, 1.5e8, -8, block.timestamp);
        IPriceOracle.Quote memory q = oracle.quote(FEED);
        assertEq(q.low, 2_998.5 ether);
        assertEq(q.mid, 3_000 ether);
        assertEq(q.high, 3_001.5 ether);
        assertEq(q.publishTime, block.timestamp);
    }

    function test_quote_acceptsExponentBounds() public {
        _post(3_000, 0, 0, block.timestamp);
        assertEq(oracle.quote(FEED).mid, 3_000 ether);
        _post(3e18, 0, -18, block.timestamp + 1); // 3.000000000000000000
        vm.warp(block.timestamp + 1);
        assertEq(oracle.quote(FEED).mid, 3 ether);
    }

    function test_quote_revertWhenUnsupportedExponent() public {
        _post(3, 0, 1, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.UnsupportedExponent.selector, FEED, int32(1)));
        oracle.quote(FEED);

        _post(3_000e8, 0, -19, block.timestamp + 1);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.UnsupportedExponent.selector, FEED, int32(-19)));
        oracle.quote(FEED);
    }

    function test_quote_revertWhenStalePrice() public {
        uint256 publishTime = block.timestamp - MAX_AGE;
        _post(3_000e8, 0, -8, publishTime);
        oracle.quote(FEED); // exactly MAX_AGE old is still fresh
        vm.warp(block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.StalePrice.selector, FEED, publishTime, MAX_AGE));
        oracle.quote(FEED);
    }

    function test_quote_revertWhenNonPositivePrice() public {
        _post(0, 0, -8, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, FEED));
        oracle.quote(FEED);

        _post(-1, 0, -8, block.timestamp + 1);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.NonPositivePrice.selector, FEED));
        oracle.quote(FEED);
    }

    function test_quote_revertWhenUncertainPrice() public {
        _post(3_000e8, 30e8, -8, block.timestamp); // exactly 1%: accepted
        assertEq(oracle.quote(FEED).low, 2_970 ether);

        _post(3_000e8, 30e8 + 1, -8, block.timestamp + 1);
        vm.warp(block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IPriceOracle.UncertainPrice.selector, FEED, 30e8 + 1, 3_000e8, MAX_CONF_BPS)
        );
        oracle.quote(FEED);
    }

    function test_quote_revertWhenFeedUnknown() public {
        vm.expectRevert(bytes4(keccak256("PriceFeedNotFound()")));
        oracle.quote(keccak256("nothing"));
    }

    // ---------------------------------------------------------------- update

    function test_update_storesPriceForQuote() public {
        oracle.update(_update(FEED, 2_500e8, 1e8, -8, block.timestamp));
        assertEq(oracle.quote(FEED).mid, 2_500 ether);
    }

    function test_update_emptyRefundsValue() public {
        vm.deal(keeper, 1 ether);
        vm.prank(keeper);
        oracle.update{value: 1 ether}(new bytes[](0));
        assertEq(keeper.balance, 1 ether);
        assertEq(address(oracle).balance, 0);
    }

    function test_update_paysFeeAndRefundsExcess() public {
        MockPyth paid = new MockPyth(MAX_AGE, 0.01 ether);
        PythOracle paidOracle = new PythOracle(paid, MAX_AGE, MAX_CONF_BPS);
        bytes[] memory update = _update(FEED, 3_000e8, 0, -8, block.timestamp);
        vm.deal(keeper, 1 ether);
        vm.prank(keeper);
        paidOracle.update{value: 1 ether}(update);
        assertEq(keeper.balance, 0.99 ether);
        assertEq(address(paid).balance, 0.01 ether);
        assertEq(address(paidOracle).balance, 0);
    }

    function test_update_revertWhenFeeNotCovered() public {
        MockPyth paid = new MockPyth(MAX_AGE, 0.01 ether);
        PythOracle paidOracle = new PythOracle(paid, MAX_AGE, MAX_CONF_BPS);
        bytes[] memory update = _update(FEED, 3_000e8, 0, -8, block.timestamp);
        vm.deal(keeper, 1 ether);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.FeeNotCovered.selector, 0.005 ether, 0.01 ether));
        paidOracle.update{value: 0.005 ether}(update);
    }

    /// This test contract has no `receive`, like a caller that cannot take a refund.
    function test_update_revertWhenRefundFails() public {
        vm.deal(address(this), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IPriceOracle.RefundFailed.selector, address(this), 1 ether));
        oracle.update{value: 1 ether}(new bytes[](0));
    }

    function test_constructor_setsImmutables() public view {
        assertEq(address(oracle.PYTH()), address(pyth));
        assertEq(oracle.MAX_AGE(), MAX_AGE);
        assertEq(oracle.MAX_CONF_BPS(), MAX_CONF_BPS);
    }

    // ---------------------------------------------------------------- fuzz

    /// Any accepted quote has low ≤ mid ≤ high, all 18-decimal, and a band within the confidence bound.
    function test_fuzz_quote_bandAroundMid(int64 price, uint64 conf, int32 expo) public {
        price = int64(bound(price, 1, type(int64).max));
        conf = uint64(bound(conf, 0, uint64(price) / 100));
        expo = int32(bound(expo, -18, 0));
        _post(price, conf, expo, block.timestamp);
        IPriceOracle.Quote memory q = oracle.quote(FEED);
        uint256 scale = 10 ** uint256(int256(18 + expo));
        assertEq(q.mid, uint256(uint64(price)) * scale);
        assertEq(q.mid - q.low, uint256(conf) * scale);
        assertEq(q.high - q.mid, uint256(conf) * scale);
    }
}
