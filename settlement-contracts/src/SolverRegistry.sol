// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ISolverRegistry} from "./interfaces/ISolverRegistry.sol";

/// @title SolverRegistry
/// @notice Solver bonds in one ERC-20, slashable by the settlers for proven faults. Settlers of
/// protocol v2 also reserve stake per open order (`reserve`), so a bond never backs more open orders
/// than it can pay slashes for, and reserved stake cannot leave.
contract SolverRegistry is ISolverRegistry, Ownable2Step {
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = 10_000;

    IERC20 public immutable BOND_TOKEN;
    uint256 public immutable MIN_BOND;
    uint256 public immutable UNBONDING_DELAY;
    /// @notice Share of every slash paid to the harmed trader; the rest goes to `insurance`.
    uint256 public immutable VICTIM_SHARE_BPS;
    address public immutable INSURANCE;

    struct Stake {
        uint256 bonded;
        uint256 unbonding;
        uint256 availableAt;
    }

    mapping(address solver => Stake) public stakes;
    mapping(address settler => bool) public isSettler;
    uint256 public totalSlashed;
    /// @inheritdoc ISolverRegistry
    mapping(address solver => uint256) public reserved;
    /// @inheritdoc ISolverRegistry
    mapping(address settler => mapping(address solver => uint256)) public reservedBy;

    constructor(
        address owner_,
        IERC20 bondToken,
        uint256 minBond,
        uint256 unbondingDelay,
        uint256 victimShareBps,
        address insurance
    ) Ownable(owner_) {
        BOND_TOKEN = bondToken;
        MIN_BOND = minBond;
        UNBONDING_DELAY = unbondingDelay;
        VICTIM_SHARE_BPS = victimShareBps;
        INSURANCE = insurance;
    }

    /// @notice Allows or revokes a settler (the vault and the engine) to slash.
    function setSettler(address settler, bool allowed) external onlyOwner {
        isSettler[settler] = allowed;
        emit SettlerSet(settler, allowed);
    }

    /// @inheritdoc ISolverRegistry
    function bond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Stake storage stake = stakes[msg.sender];
        stake.bonded += amount;
        BOND_TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        emit Bonded(msg.sender, amount, stake.bonded);
    }

    /// @inheritdoc ISolverRegistry
    function requestUnbond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Stake storage stake = stakes[msg.sender];
        if (stake.unbonding != 0) revert UnbondPending(stake.availableAt);
        if (amount > stake.bonded) revert InsufficientBond(stake.bonded, amount);
        stake.bonded -= amount;
        stake.unbonding = amount;
        stake.availableAt = block.timestamp + UNBONDING_DELAY;
        emit UnbondRequested(msg.sender, amount, stake.availableAt);
    }

    /// @inheritdoc ISolverRegistry
    function withdraw() external {
        Stake storage stake = stakes[msg.sender];
        uint256 amount = stake.unbonding;
        if (amount == 0) revert NothingToWithdraw();
        if (block.timestamp < stake.availableAt) revert UnbondingNotOver(stake.availableAt, block.timestamp);
        // What is unbonding leaves only if the bond left behind still covers every reservation.
        if (stake.bonded < reserved[msg.sender]) revert BondReserved(msg.sender, reserved[msg.sender], stake.bonded);
        stake.unbonding = 0;
        stake.availableAt = 0;
        BOND_TOKEN.safeTransfer(msg.sender, amount);
        emit Unbonded(msg.sender, amount);
    }

    /// @inheritdoc ISolverRegistry
    function slash(address solver, uint256 amount, address victim, bytes32 reason) external returns (uint256 slashed) {
        if (!isSettler[msg.sender]) revert NotSettler(msg.sender);
        return _slash(solver, amount, victim, reason);
    }

    /// @inheritdoc ISolverRegistry
    function reserve(address solver, uint256 amount, bytes32 reason) external {
        if (!isSettler[msg.sender]) revert NotSettler(msg.sender);
        if (amount == 0) revert ZeroAmount();
        uint256 free = freeBond(solver);
        if (free < amount) revert InsufficientFreeBond(solver, free, amount);
        reservedBy[msg.sender][solver] += amount;
        uint256 total = reserved[solver] + amount;
        reserved[solver] = total;
        emit Reserved(solver, msg.sender, reason, amount, total);
    }

    /// @inheritdoc ISolverRegistry
    function release(address solver, uint256 amount, bytes32 reason) external {
        if (!isSettler[msg.sender]) revert NotSettler(msg.sender);
        _unreserve(msg.sender, solver, amount);
        emit ReservationReleased(solver, msg.sender, reason, amount);
    }

    /// @inheritdoc ISolverRegistry
    function slashReserved(address solver, uint256 amount, bytes32 reason, address victim)
        external
        returns (uint256 slashed)
    {
        if (!isSettler[msg.sender]) revert NotSettler(msg.sender);
        _unreserve(msg.sender, solver, amount);
        return _slash(solver, amount, victim, reason);
    }

    /// @inheritdoc ISolverRegistry
    function freeBond(address solver) public view returns (uint256) {
        Stake storage stake = stakes[solver];
        uint256 stakeAmount = stake.bonded + stake.unbonding;
        uint256 held = reserved[solver];
        return stakeAmount > held ? stakeAmount - held : 0;
    }

    /// @inheritdoc ISolverRegistry
    function isActive(address solver) external view returns (bool) {
        return stakes[solver].bonded >= MIN_BOND;
    }

    /// @inheritdoc ISolverRegistry
    function slashable(address solver) external view returns (uint256) {
        Stake storage stake = stakes[solver];
        return stake.bonded + stake.unbonding;
    }

    function _slash(address solver, uint256 amount, address victim, bytes32 reason) internal returns (uint256 slashed) {
        Stake storage stake = stakes[solver];
        uint256 fromBond = _min(amount, stake.bonded);
        uint256 fromUnbonding = _min(amount - fromBond, stake.unbonding);
        stake.bonded -= fromBond;
        stake.unbonding -= fromUnbonding;
        slashed = fromBond + fromUnbonding;
        if (slashed == 0) return 0;
        totalSlashed += slashed;
        uint256 toVictim = (slashed * VICTIM_SHARE_BPS) / BPS;
        if (toVictim != 0) BOND_TOKEN.safeTransfer(victim, toVictim);
        if (slashed != toVictim) BOND_TOKEN.safeTransfer(INSURANCE, slashed - toVictim);
        emit Slashed(solver, msg.sender, reason, slashed, victim, toVictim);
    }

    function _unreserve(address settler, address solver, uint256 amount) internal {
        uint256 held = reservedBy[settler][solver];
        if (amount > held) revert NotReserved(solver, held, amount);
        reservedBy[settler][solver] = held - amount;
        reserved[solver] -= amount;
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
