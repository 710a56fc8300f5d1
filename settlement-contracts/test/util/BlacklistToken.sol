// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestToken} from "./TestToken.sol";

/// @notice A TestToken whose owner may block addresses from receiving it, as USDC's blacklist does.
contract BlacklistToken is TestToken {
    mapping(address account => bool) public blocked;

    error Blocked(address account);

    constructor(string memory name, uint8 decimals_) TestToken(name, decimals_) {}

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[to]) revert Blocked(to);
        super._update(from, to, value);
    }
}
