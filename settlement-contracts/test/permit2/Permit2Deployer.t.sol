// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IEIP712} from "permit2/src/interfaces/IEIP712.sol";
import {MarginOrderLib} from "../../src/lib/MarginOrderLib.sol";
import {Permit2Deployer} from "../util/Permit2Deployer.sol";

contract Permit2DeployerTest is Test {
    function test_deploy_landsAtCanonicalAddressWithItsDomain() public {
        address permit2 = Permit2Deployer.deploy(vm);
        assertEq(permit2, MarginOrderLib.PERMIT2);
        assertEq(IEIP712(permit2).DOMAIN_SEPARATOR(), MarginOrderLib.permit2DomainSeparator(block.chainid));
    }
}
