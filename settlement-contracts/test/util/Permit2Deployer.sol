// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

/// @notice Deploys Uniswap's canonical Permit2 bytecode (as shipped in @uniswap/uniswapx-sdk) at its
/// canonical address, through the deterministic CREATE2 deployer with Permit2's own salt, exactly as on
/// every public chain. Nothing is mocked: the contract under test is the real one.
library Permit2Deployer {
    address internal constant PERMIT2 = 0x000000000022D473030F116dDEE9F6B43aC78BA3;
    address internal constant CREATE2_DEPLOYER = 0x4e59b44847b379578588920cA78FbF26c0B4956C;
    bytes32 internal constant SALT = 0x0000000000000000000000000000000000000000d3af2663da51c10215000000;
    /// @dev The deterministic deployer's runtime code (Arachnid's deterministic-deployment-proxy).
    bytes internal constant CREATE2_DEPLOYER_CODE =
        hex"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";
    string internal constant FACTORY_JS =
        "deps/@uniswap/uniswapx-sdk/dist/cjs/src/contracts/factories/Permit2__factory.js";

    function deploy(Vm vm) internal returns (address) {
        if (PERMIT2.code.length != 0) return PERMIT2;
        if (CREATE2_DEPLOYER.code.length == 0) vm.etch(CREATE2_DEPLOYER, CREATE2_DEPLOYER_CODE);
        bytes memory creationCode = vm.parseBytes(
            vm.split(vm.split(vm.readFile(FACTORY_JS), 'const _bytecode = "')[1], '"')[0]
        );
        (bool ok, bytes memory result) = CREATE2_DEPLOYER.call(abi.encodePacked(SALT, creationCode));
        require(ok && address(bytes20(result)) == PERMIT2, "Permit2 did not land at its canonical address");
        return PERMIT2;
    }
}
