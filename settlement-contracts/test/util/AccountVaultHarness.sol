// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISignatureTransfer} from "permit2/src/interfaces/ISignatureTransfer.sol";
import {GaslessCrossChainOrder} from "../../src/interfaces/IERC7683.sol";
import {IMessageReceiver} from "../../src/interfaces/IMessageReceiver.sol";
import {IMessenger} from "../../src/interfaces/IMessenger.sol";
import {SolverRegistry} from "../../src/SolverRegistry.sol";
import {AccountVault} from "../../src/v2/AccountVault.sol";
import {IMessageRoutes} from "../../src/v2/interfaces/IMessageRoutes.sol";
import {AccountMessages, Deposit, DepositTerms} from "../../src/v2/lib/AccountMessages.sol";
import {DepositIntentBuilder, DepositOrderHasher} from "./DepositIntentBuilder.sol";
import {HyperlaneHarness} from "./HyperlaneHarness.sol";
import {Permit2Deployer} from "./Permit2Deployer.sol";
import {TestToken} from "./TestToken.sol";

/// @notice Stands in for the v2 AccountEngine on the destination chain: the vault's peer, which records
/// what it receives and sends what a test tells it to, through a real messenger.
contract EngineStub is IMessageReceiver {
    bytes[] public received;

    function receiveMessage(uint256, address, uint64, bytes calldata payload) external {
        received.push(payload);
    }

    function receivedCount() external view returns (uint256) {
        return received.length;
    }

    /// @dev The IMessenger payload inside a Hyperlane message (HyperlaneMessenger's body, after the
    /// 77-byte Hyperlane header).
    function decodePayload(bytes calldata message) external pure returns (bytes memory payload) {
        (,,, payload) = abi.decode(message[77:], (address, address, uint64, bytes));
    }

    function send(IMessenger messenger, uint256 chainId, address to, bytes calldata payload) external payable {
        messenger.sendMessage{value: msg.value}(chainId, to, payload);
    }
}

/// @notice A contract wallet (ERC-1271) whose owner key signs for it, and which approves Permit2.
contract OwnedWallet {
    address public immutable OWNER;

    constructor(address owner_) {
        OWNER = owner_;
    }

    function approve(TestToken token, address spender) external {
        token.approve(spender, type(uint256).max);
    }

    function isValidSignature(bytes32 digest, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        (bytes32 r, bytes32 s) = abi.decode(signature[:64], (bytes32, bytes32));
        return ecrecover(digest, uint8(signature[64]), r, s) == OWNER ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
    }
}

/// @notice The v2 origin: Permit2 (canonical bytecode), a SolverRegistry, an AccountVault over the two
/// Hyperlane routes of HyperlaneHarness ("hyperlane": primary + fallback), and an EngineStub as its
/// peer on the destination chain. Ends on the origin chain at a realistic timestamp.
abstract contract AccountVaultHarness is HyperlaneHarness {
    uint256 internal constant TRADER_KEY = 0xA11CE;
    uint256 internal constant SOLVER_KEY = 0x501;
    uint256 internal constant MIN_BOND = 100 ether;
    uint256 internal constant SLASH = 50 ether;
    uint256 internal constant VICTIM_SHARE_BPS = 5_000;
    bytes32 internal constant HYPERLANE = keccak256("hyperlane");

    address internal trader = vm.addr(TRADER_KEY);
    address internal solver = vm.addr(SOLVER_KEY);
    address internal otherSolver = makeAddr("otherSolver");
    address internal keeper = makeAddr("keeper");
    address internal insurance = makeAddr("insurance");

    TestToken internal weth;
    TestToken internal bondToken;
    SolverRegistry internal registry;
    AccountVault internal vault;
    EngineStub internal engine;
    DepositOrderHasher internal hasher = new DepositOrderHasher();
    uint256 internal nextNonce = 1;
    mapping(bytes32 orderId => DepositTerms) internal termsOf;

    function setUp() public virtual override {
        super.setUp();
        vm.warp(1_800_000_000);
        onDestination();
        engine = new EngineStub();
        onOrigin();
        Permit2Deployer.deploy(vm);
        weth = new TestToken("WETH", 18);
        bondToken = new TestToken("BOND", 18);
        registry = new SolverRegistry(address(this), bondToken, MIN_BOND, 7 days, VICTIM_SHARE_BPS, insurance);
        vault = new AccountVault(address(this), ISignatureTransfer(Permit2Deployer.PERMIT2), registry, SLASH);
        registry.setSettler(address(vault), true);
        vault.setPeer(DESTINATION_CHAIN_ID, address(engine));
        vault.setRoute("hyperlane", _route(primaryRoute.originMessenger, fallbackRoute.originMessenger));
        vault.setEngineRoute("hyperlane", true);
        vault.setCollateral(DESTINATION_CHAIN_ID, address(weth), true);

        weth.mint(trader, 100 ether);
        vm.prank(trader);
        weth.approve(Permit2Deployer.PERMIT2, type(uint256).max);
        _bondSolver(solver, MIN_BOND);
        _bondSolver(otherSolver, MIN_BOND);
    }

    function _route(IMessenger primary, IMessenger fallbackMessenger)
        internal
        pure
        returns (IMessageRoutes.Route memory)
    {
        return IMessageRoutes.Route({primary: primary, fallbackMessenger: fallbackMessenger, messageSeconds: 12});
    }

    function _bondSolver(address who, uint256 amount) internal {
        bondToken.mint(who, amount);
        vm.startPrank(who);
        bondToken.approve(address(registry), amount);
        registry.bond(amount);
        vm.stopPrank();
        weth.mint(who, 100 ether);
        vm.prank(who);
        weth.approve(address(vault), type(uint256).max);
    }

    function _terms() internal returns (DepositIntentBuilder.Terms memory) {
        return DepositIntentBuilder.defaults(address(vault), address(engine), trader, address(weth), nextNonce++);
    }

    /// @dev Signs `terms` as the trader and remembers the order's DepositTerms (what FILLED and EXPIRED
    /// carry back, and a proof of overcharge names).
    function _sign(DepositIntentBuilder.Terms memory terms)
        internal
        returns (GaslessCrossChainOrder memory order, bytes memory signature, bytes32 orderId)
    {
        (order,) = DepositIntentBuilder.build(terms, block.timestamp);
        signature = DepositIntentBuilder.sign(vm, hasher, TRADER_KEY, order);
        orderId = hasher.orderId(order);
        _remember(orderId, terms);
    }

    function _remember(bytes32 orderId, DepositIntentBuilder.Terms memory terms) internal {
        termsOf[orderId] = DepositTerms({
            user: terms.trader,
            account: terms.account,
            token: terms.token,
            amount: terms.amount,
            destinationChainId: terms.destinationChainId
        });
    }

    /// @dev FILLED as the order's engine sends it.
    function _filledMsg(bytes32 orderId, address filler) internal view returns (bytes memory) {
        return AccountMessages.filled(orderId, filler, termsOf[orderId]);
    }

    /// @dev EXPIRED as the order's engine sends it.
    function _expiredMsg(bytes32 orderId) internal view returns (bytes memory) {
        return AccountMessages.expired(orderId, termsOf[orderId]);
    }

    /// @dev `solver` opens `terms` at `feeBps`.
    function _open(DepositIntentBuilder.Terms memory terms, uint16 feeBps) internal returns (bytes32 orderId) {
        GaslessCrossChainOrder memory order;
        bytes memory signature;
        (order, signature, orderId) = _sign(terms);
        vm.prank(solver);
        vault.openFor(order, signature, abi.encode(feeBps));
    }

    /// @dev Delivers `payload` from the engine as the primary messenger would, after it authenticated it.
    function _deliver(bytes memory payload) internal {
        _deliverVia(address(primaryRoute.originMessenger), payload);
    }

    function _deliverVia(address messenger, bytes memory payload) internal {
        vm.prank(messenger);
        vault.receiveMessage(DESTINATION_CHAIN_ID, address(engine), 1, payload);
    }

    /// @dev The engine sends `payload` to the vault over `route`'s real Hyperlane messenger pair.
    function _engineSends(HyperlaneRoute storage route, bytes memory payload) internal {
        onDestination();
        engine.send(route.destinationMessenger, ORIGIN_CHAIN_ID, address(vault), payload);
        onOrigin();
    }

    function _lastDeposit() internal view returns (Deposit memory) {
        bytes memory payload = engine.received(engine.receivedCount() - 1);
        return this.decodeDeposit(payload);
    }

    function decodeDeposit(bytes calldata payload) external pure returns (Deposit memory) {
        require(AccountMessages.kindOf(payload) == AccountMessages.DEPOSITED, "not DEPOSITED");
        return AccountMessages.decodeDeposited(payload);
    }
}
