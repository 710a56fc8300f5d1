// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPyth} from "@pythnetwork/pyth-sdk-solidity/IPyth.sol";
import {PythStructs} from "@pythnetwork/pyth-sdk-solidity/PythStructs.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title PythOracle
/// @notice IPriceOracle over Pyth pull prices: the filler or keeper posts a fresh update in the same
/// transaction that uses it, and the adapter refuses prices older than `MAX_AGE` seconds or whose
/// confidence interval exceeds `MAX_CONF_BPS` of the price.
contract PythOracle is IPriceOracle {
    uint256 internal constant BPS = 10_000;

    IPyth public immutable PYTH;
    uint256 public immutable MAX_AGE;
    uint256 public immutable MAX_CONF_BPS;

    constructor(IPyth pyth, uint256 maxAge, uint256 maxConfBps) {
        PYTH = pyth;
        MAX_AGE = maxAge;
        MAX_CONF_BPS = maxConfBps;
    }

    /// @inheritdoc IPriceOracle
    function update(bytes[] calldata updateData) external payable {
        if (updateData.length == 0) return _refund(msg.value);
        uint256 fee = PYTH.getUpdateFee(updateData);
        if (fee > msg.value) revert FeeNotCovered(msg.value, fee);
        PYTH.updatePriceFeeds{value: fee}(updateData);
        _refund(msg.value - fee);
    }

    /// @inheritdoc IPriceOracle
    function quote(bytes32 feedId) external view returns (Quote memory) {
        PythStructs.Price memory p = PYTH.getPriceUnsafe(feedId);
        // Checked here rather than by getPriceNoOlderThan so the error names the feed and the age.
        if (p.publishTime + MAX_AGE < block.timestamp) revert StalePrice(feedId, p.publishTime, MAX_AGE);
        if (p.price <= 0) revert NonPositivePrice(feedId);
        uint256 price = uint256(uint64(p.price));
        if (uint256(p.conf) * BPS > price * MAX_CONF_BPS) revert UncertainPrice(feedId, p.conf, price, MAX_CONF_BPS);
        uint256 scale = _scale(feedId, p.expo);
        return Quote({
            low: (price - p.conf) * scale,
            mid: price * scale,
            high: (price + p.conf) * scale,
            publishTime: p.publishTime
        });
    }

    /// @dev Pyth prices are `price × 10^expo`; 18-decimal results need `10^(18 + expo)`.
    function _scale(bytes32 feedId, int32 expo) internal pure returns (uint256) {
        if (expo > 0 || expo < -18) revert UnsupportedExponent(feedId, expo);
        return 10 ** uint256(int256(18 + expo));
    }

    function _refund(uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert RefundFailed(msg.sender, amount);
    }
}
