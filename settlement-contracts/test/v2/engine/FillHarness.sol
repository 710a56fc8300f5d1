// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GaslessCrossChainOrder} from "../../../src/interfaces/IERC7683.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {RiskMath} from "../../../src/lib/RiskMath.sol";
import {DepositStatus} from "../../../src/v2/base/AccountTypes.sol";
import {AttachedTrade, DepositOrder} from "../../../src/v2/base/DepositOrderTypes.sol";
import {AccountMessages, Deposit, DepositTerms, DepositTrade} from "../../../src/v2/lib/AccountMessages.sol";
import {DepositIntentBuilder, DepositOrderHasher} from "../../util/DepositIntentBuilder.sol";
import {EngineHarness} from "./EngineHarness.sol";

/// @notice Frontable deposits on the engine: orders and fills the way a wallet and a solver make them.
abstract contract FillHarness is EngineHarness {
    uint256 internal constant FEE_BPS = 10;

    DepositOrderHasher internal orderHasher = new DepositOrderHasher();
    address internal filler = makeAddr("filler");
    address internal opener = makeAddr("opener");
    uint256 internal orderNonce = 1;

    function setUp() public virtual override {
        super.setUp();
        usd.mint(filler, 10_000_000e6);
        vm.prank(filler);
        usd.approve(address(engine), type(uint256).max);
    }

    /// @dev 2 WETH with a 1 ETH long at ≤ 3,100 and ≤ 3× attached; fee 2 → 30 bps; fill within 300 s.
    mapping(bytes32 orderId => DepositTerms) internal termsOf;

    function _terms() internal returns (DepositIntentBuilder.Terms memory t) {
        t = DepositIntentBuilder.defaults(vault, address(engine), trader, weth, orderNonce++);
        t.trade =
            AttachedTrade({market: "ETH-USD", sizeDelta: 1 ether, limitPrice: 3_100 ether, maxLeverageBps: 30_000});
    }

    /// @dev Signs the order and remembers the DepositTerms that FILLED and EXPIRED carry back.
    function _order(DepositIntentBuilder.Terms memory t)
        internal
        returns (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId)
    {
        (order,) = DepositIntentBuilder.build(t, block.timestamp);
        signature = DepositIntentBuilder.sign(vm, orderHasher, TRADER_KEY, order);
        orderId = orderHasher.orderId(order);
        termsOf[orderId] = DepositTerms(t.trader, t.account, t.token, t.amount, t.destinationChainId);
    }

    function _fill(GaslessCrossChainOrder memory order, bytes memory signature) internal {
        vm.prank(filler);
        engine.fillDeposit(order, signature, _noUpdate());
    }

    /// @dev What the filler must front: amount × (1 − maxBps) at the low side less the 5% haircut.
    function _frontOf(uint256 amount, uint16 maxBps) internal view returns (uint256) {
        IPriceOracle.Quote memory q = oracle.quote(ETH_FEED);
        uint256 value = RiskMath.collateralValue(amount * (10_000 - maxBps) / 10_000, 18, q.low, 500);
        return (value + SCALE - 1) / SCALE;
    }

    /// @dev DEPOSITED as the vault sends it for the order: net of the fee the opener charged.
    function _depositedFor(GaslessCrossChainOrder memory order, bytes32 orderId, bool frontable)
        internal
        view
        returns (bytes memory)
    {
        (, uint256 amount) = _amountOf(order);
        return AccountMessages.deposited(
            Deposit({
                orderId: orderId,
                account: trader,
                token: weth,
                amount: amount - amount * FEE_BPS / 10_000,
                opener: opener,
                routeId: ROUTE,
                frontable: frontable,
                trade: DepositTrade(ETH_USD, 1 ether, 3_100 ether, 30_000, order.fillDeadline)
            })
        );
    }

    function _amountOf(GaslessCrossChainOrder memory order) internal pure returns (address token, uint256 amount) {
        DepositOrder memory data = abi.decode(order.orderData, (DepositOrder));
        (token, amount) = (data.token, data.amount);
    }

    function _net(uint256 amount) internal pure returns (uint256) {
        return amount - amount * FEE_BPS / 10_000;
    }

    function _status(bytes32 orderId) internal view returns (DepositStatus) {
        return lens.depositOf(orderId).status;
    }

    function _sentFilled(bytes32 orderId, address by) internal view returns (bool) {
        bytes32 key = keccak256(abi.encode(uint256(ORIGIN_CHAIN_ID), keccak256(AccountMessages.filled(orderId, by, termsOf[orderId]))));
        return engine.sentOver(key) == ROUTE;
    }

    function _sentExpired(bytes32 orderId) internal view returns (bool) {
        bytes32 key = keccak256(abi.encode(uint256(ORIGIN_CHAIN_ID), keccak256(AccountMessages.expired(orderId, termsOf[orderId]))));
        return engine.sentOver(key) == ROUTE;
    }
}
