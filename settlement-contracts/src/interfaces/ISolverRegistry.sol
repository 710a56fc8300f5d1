// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISolverRegistry
/// @notice Solver bonds. A solver must keep at least `minBond` at stake to open orders; the settlers
/// slash it only for faults they can prove on chain (an order opened and never filled), and part of
/// each slash goes to the harmed trader. Bonds leave only after an unbonding delay, during which they
/// stay slashable, so a solver cannot escape a fault that is still being proven.
interface ISolverRegistry {
    event Bonded(address indexed solver, uint256 amount, uint256 bonded);
    event UnbondRequested(address indexed solver, uint256 amount, uint256 availableAt);
    event Unbonded(address indexed solver, uint256 amount);
    event Slashed(
        address indexed solver,
        address indexed settler,
        bytes32 indexed reason,
        uint256 amount,
        address victim,
        uint256 toVictim
    );
    event SettlerSet(address indexed settler, bool allowed);
    event Reserved(
        address indexed solver, address indexed settler, bytes32 indexed reason, uint256 amount, uint256 reserved
    );
    event ReservationReleased(address indexed solver, address indexed settler, bytes32 indexed reason, uint256 amount);

    error ZeroAmount();
    error NotSettler(address caller);
    error InsufficientBond(uint256 bonded, uint256 requested);
    error UnbondPending(uint256 availableAt);
    error NothingToWithdraw();
    error UnbondingNotOver(uint256 availableAt, uint256 nowTimestamp);
    error InsufficientFreeBond(address solver, uint256 free, uint256 requested);
    /// @notice The settler releases or slashes more than it holds reserved of the solver's stake.
    error NotReserved(address solver, uint256 reserved, uint256 amount);
    error BondReserved(address solver, uint256 reserved, uint256 remaining);

    /// @notice Adds `amount` of the bond token to the caller's bond (pulled with `transferFrom`).
    function bond(uint256 amount) external;

    /// @notice Starts the unbonding delay for `amount`; the amount stays slashable until withdrawn.
    function requestUnbond(uint256 amount) external;

    /// @notice Pays out the amount whose unbonding delay has passed.
    function withdraw() external;

    /// @notice Slashes up to `amount` from `solver` (bond first, then what is unbonding), paying
    /// `victimShareBps` of it to `victim` and the rest to the insurance receiver. Only settlers.
    /// @param reason A short tag of the proven fault (e.g. the orderId), for indexers.
    /// @return slashed What was actually taken (less than `amount` if the solver had less).
    function slash(address solver, uint256 amount, address victim, bytes32 reason) external returns (uint256 slashed);

    /// @notice Reserves `amount` of `solver`'s stake for a fault that `reason` (e.g. an orderId) may
    /// still prove, so one bond never backs more open orders than it can pay slashes for. Reserved
    /// stake cannot be withdrawn. Only settlers; a reservation belongs to the settler that made it,
    /// which keeps one per order it may still prove (the registry keeps only each settler's total, so
    /// a reservation costs no fresh storage slot).
    /// @dev Reverts `InsufficientFreeBond` unless `slashable − reserved ≥ amount`, `ZeroAmount` for 0.
    function reserve(address solver, uint256 amount, bytes32 reason) external;

    /// @notice Ends `amount` of the caller's reservations of `solver`'s stake (`reason`: the fault that can
    /// no longer be proven, for indexers). Reverts `NotReserved` beyond the caller's total. Only settlers.
    function release(address solver, uint256 amount, bytes32 reason) external;

    /// @notice Slashes `amount` of what the caller reserved of `solver`'s stake (as `slash`: bond first,
    /// then what is unbonding, the victim share to `victim`) and ends that reservation. Only settlers.
    /// @return slashed What was taken: the reservation, or less if a slash since left less at stake.
    function slashReserved(address solver, uint256 amount, bytes32 reason, address victim)
        external
        returns (uint256 slashed);

    /// @notice Stake of `solver` reserved by settlers for faults still provable.
    function reserved(address solver) external view returns (uint256);

    /// @notice Stake of `solver` that backs no reservation: `slashable − reserved`, or 0.
    function freeBond(address solver) external view returns (uint256);

    /// @notice What `settler` holds reserved of `solver`'s stake, over all its reasons.
    function reservedBy(address settler, address solver) external view returns (uint256);
    /// @notice Whether `solver` has at least `minBond` at stake outside unbonding.
    function isActive(address solver) external view returns (bool);

    /// @notice Amount at stake and still slashable (bond plus unbonding).
    function slashable(address solver) external view returns (uint256);
}
