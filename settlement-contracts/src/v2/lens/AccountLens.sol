// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RiskMath} from "../../lib/RiskMath.sol";
import {IAccountEngine} from "../interfaces/IAccountEngine.sol";
import {IAccountLens} from "../interfaces/IAccountLens.sol";
import {IExtsload} from "../interfaces/IExtsload.sol";
import {IMessageRoutes} from "../interfaces/IMessageRoutes.sol";
import {EngineStorage, EngineStorageSlot} from "../base/AccountStorage.sol";
import {
    AccountHeader,
    AccountView,
    Collateral,
    CollateralBalance,
    DepositRecord,
    DepositStatus,
    Market,
    MarketState,
    Position,
    PositionView,
    RiskParams
} from "../base/AccountTypes.sol";
import {PackedIndexList} from "../lib/PackedIndexList.sol";

/// @title AccountLens
/// @notice See IAccountLens. Each read computes a field's slot from the engine's own EngineStorage
/// definition at its ERC-7201 namespace (a storage reference at that slot here is only arithmetic:
/// this contract's storage is never read), loads the words through `extsload` and unpacks them as
/// Solidity packs the struct (members from the low-order end of a slot).
contract AccountLens is IAccountLens {
    using PackedIndexList for uint64;

    IAccountEngine public immutable ENGINE;

    constructor(IAccountEngine engine) {
        ENGINE = engine;
    }

    // ---------------------------------------------------------------- accounts

    /// @inheritdoc IAccountLens
    function accountOf(address account) external view returns (AccountView memory v) {
        AccountHeader memory header = _header(account);
        v.cash = header.cash;
        v.collateral = new CollateralBalance[](header.collaterals.length());
        for (uint256 i; i < v.collateral.length; ++i) {
            uint8 index = header.collaterals.at(i);
            Collateral memory c = _collateralAt(index);
            v.collateral[i] = CollateralBalance(c.chainId, c.token, _ledger(account, index));
        }
        v.positions = new PositionView[](header.markets.length());
        for (uint256 i; i < v.positions.length; ++i) {
            uint8 index = header.markets.at(i);
            Position memory p = _position(account, index);
            v.positions[i] = PositionView(_marketIdAt(index), p.size, p.entryPrice);
        }
    }

    /// @inheritdoc IAccountLens
    function positionOf(address account, bytes32 marketId) external view returns (Position memory) {
        return _position(account, _knownMarket(marketId).index);
    }

    /// @inheritdoc IAccountLens
    function collateralOf(address account, uint256 chainId, address token) external view returns (uint256) {
        uint8 index = _collateralIndex(chainId, token);
        return index == 0 ? 0 : _ledger(account, index);
    }

    /// @inheritdoc IAccountLens
    function cashOf(address account) external view returns (int256) {
        return _header(account).cash;
    }

    /// @inheritdoc IAccountLens
    function frontedOf(address account) external view returns (uint256) {
        return uint256(_load(_slot(_s().fronted, account)));
    }

    /// @inheritdoc IAccountLens
    function nonceUsed(address account, uint256 nonce) external view returns (bool) {
        bytes32 slot = _slot(_slot(_s().nonces, account), bytes32(nonce >> 8));
        return uint256(_load(slot)) & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc IAccountLens
    function depositOf(bytes32 orderId) external view returns (DepositRecord memory d) {
        DepositRecord storage ref = _s().deposits[orderId];
        bytes32 base;
        assembly ("memory-safe") {
            base := ref.slot
        }
        bytes32[] memory w = _loadAll(base, 2);
        uint256 w0 = uint256(w[0]);
        d.account = address(uint160(w0));
        d.collateralIndex = uint8(w0 >> 160);
        d.status = DepositStatus(uint8(w0 >> 168));
        d.front = uint80(w0 >> 176);
        d.filler = address(uint160(uint256(w[1])));
        d.amount = uint96(uint256(w[1]) >> 160);
    }

    /// @inheritdoc IAccountLens
    function latencyBufferBps(address account, bytes32 marketId) external view returns (uint256) {
        Market memory m = _knownMarket(marketId);
        RiskParams memory r = risk();
        uint64 list = _header(account).collaterals;
        uint256 messageSeconds;
        for (uint256 i; i < list.length(); ++i) {
            (,, uint32 seconds_) =
                IMessageRoutesGetter(address(ENGINE)).routes(originRoute(_collateralAt(list.at(i)).chainId));
            if (seconds_ > messageSeconds) messageSeconds = seconds_;
        }
        uint256 latency = uint256(r.detectSeconds) + r.execSeconds + messageSeconds + r.seizeSeconds;
        return RiskMath.latencyBufferBps(r.zX100, m.volBpsPerSqrtHour, latency);
    }

    // ---------------------------------------------------------------- configuration

    /// @inheritdoc IAccountLens
    function market(bytes32 marketId) public view returns (Market memory m) {
        Market storage ref = _s().markets[marketId];
        bytes32 base;
        assembly ("memory-safe") {
            base := ref.slot
        }
        bytes32[] memory w = _loadAll(base, 2);
        m.feedId = w[0];
        uint256 w1 = uint256(w[1]);
        m.skewScale = uint128(w1);
        m.maxLeverageBps = uint32(w1 >> 128);
        m.maintenanceBps = uint16(w1 >> 160);
        m.liquidationFeeBps = uint16(w1 >> 176);
        m.volBpsPerSqrtHour = uint16(w1 >> 192);
        m.tradingFeeBps = uint16(w1 >> 208);
        m.maxTradePriceAge = uint16(w1 >> 224);
        m.index = uint8(w1 >> 240);
    }

    /// @inheritdoc IAccountLens
    function marketState(bytes32 marketId) external view returns (MarketState memory) {
        uint256 w = uint256(_load(_slot(_s().marketStates, marketId)));
        return MarketState({skew: int128(uint128(w)), netBasis: int128(uint128(w >> 128))});
    }

    /// @inheritdoc IAccountLens
    function collateral(uint256 chainId, address token) external view returns (Collateral memory) {
        return _collateralAt(_collateralIndex(chainId, token));
    }

    /// @inheritdoc IAccountLens
    function originRoute(uint256 chainId) public view returns (bytes32) {
        return _load(_slot(_s().originRoutes, bytes32(chainId)));
    }

    /// @inheritdoc IAccountLens
    function risk() public view returns (RiskParams memory r) {
        RiskParams storage ref = _s().risk;
        bytes32 slot;
        assembly ("memory-safe") {
            slot := ref.slot
        }
        uint256 w = uint256(_load(slot));
        r.zX100 = uint16(w);
        r.detectSeconds = uint32(w >> 16);
        r.execSeconds = uint32(w >> 48);
        r.seizeSeconds = uint32(w >> 80);
        r.collateralPriceAge = uint32(w >> 112);
        r.keeperBonusBps = uint16(w >> 144);
        r.liquidatorShareBps = uint16(w >> 160);
    }

    /// @inheritdoc IAccountLens
    function netCashPaid() external view returns (int256) {
        // EngineStorage: risk (slot 0), marketCount and collateralCount (1), netCashPaid (2), insurance (3).
        return int256(uint256(_load(bytes32(uint256(EngineStorageSlot.SLOT) + 2))));
    }

    /// @inheritdoc IAccountLens
    function owedOf(address recipient) external view returns (uint256) {
        return uint256(_load(_slot(_s().owed, recipient)));
    }

    /// @inheritdoc IAccountLens
    function insurance() external view returns (uint256) {
        return uint256(_load(bytes32(uint256(EngineStorageSlot.SLOT) + 3)));
    }

    // ---------------------------------------------------------------- storage arithmetic

    function _s() private pure returns (EngineStorage storage) {
        return EngineStorageSlot.layout();
    }

    function _header(address account) private view returns (AccountHeader memory h) {
        AccountHeader storage ref = _s().accounts[account];
        bytes32 slot;
        assembly ("memory-safe") {
            slot := ref.slot
        }
        uint256 w = uint256(_load(slot));
        h.cash = int128(uint128(w));
        h.collaterals = uint64(w >> 128);
        h.markets = uint64(w >> 192);
    }

    function _position(address account, uint8 index) private view returns (Position memory) {
        Position storage ref = _s().positions[account][index];
        bytes32 slot;
        assembly ("memory-safe") {
            slot := ref.slot
        }
        uint256 w = uint256(_load(slot));
        return Position({size: int128(uint128(w)), entryPrice: uint128(w >> 128)});
    }

    function _ledger(address account, uint8 index) private view returns (uint256) {
        return uint256(_load(_slot(_slot(_s().ledger, account), bytes32(uint256(index)))));
    }

    function _collateralIndex(uint256 chainId, address token) private view returns (uint8) {
        bytes32 inner = _slot(_s().collateralIndex, bytes32(chainId));
        return uint8(uint256(_load(_slot(inner, bytes32(uint256(uint160(token)))))));
    }

    function _collateralAt(uint8 index) private view returns (Collateral memory c) {
        Collateral storage ref = _s().collaterals[index];
        bytes32 base;
        assembly ("memory-safe") {
            base := ref.slot
        }
        bytes32[] memory w = _loadAll(base, 2);
        c.feedId = w[0];
        uint256 w1 = uint256(w[1]);
        c.token = address(uint160(w1));
        c.chainId = uint64(w1 >> 160);
        c.decimals = uint8(w1 >> 224);
        c.haircutBps = uint16(w1 >> 232);
    }

    function _marketIdAt(uint8 index) private view returns (bytes32) {
        return _load(_slot(_s().marketIds, bytes32(uint256(index))));
    }

    function _knownMarket(bytes32 marketId) private view returns (Market memory m) {
        m = market(marketId);
        if (m.feedId == bytes32(0)) revert IAccountEngine.UnknownMarket(marketId);
    }

    /// @dev The slot of `mapping[key]` for a mapping at slot `mappingSlot` (Solidity: keccak256(key . slot)).
    function _slot(bytes32 mappingSlot, bytes32 key) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            mstore(0, key)
            mstore(32, mappingSlot)
            slot := keccak256(0, 64)
        }
    }

    function _slot(mapping(address => uint256) storage m, address key) private pure returns (bytes32) {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, bytes32(uint256(uint160(key))));
    }

    function _slot(mapping(address => mapping(uint256 => uint256)) storage m, address key)
        private
        pure
        returns (bytes32)
    {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, bytes32(uint256(uint160(key))));
    }

    function _slot(mapping(address => mapping(uint8 => uint256)) storage m, address key)
        private
        pure
        returns (bytes32)
    {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, bytes32(uint256(uint160(key))));
    }

    function _slot(mapping(bytes32 => MarketState) storage m, bytes32 key) private pure returns (bytes32) {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, key);
    }

    function _slot(mapping(uint256 => bytes32) storage m, bytes32 key) private pure returns (bytes32) {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, key);
    }

    function _slot(mapping(uint256 => mapping(address => uint8)) storage m, bytes32 key)
        private
        pure
        returns (bytes32)
    {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, key);
    }

    function _slot(mapping(uint8 => bytes32) storage m, bytes32 key) private pure returns (bytes32) {
        bytes32 base;
        assembly ("memory-safe") {
            base := m.slot
        }
        return _slot(base, key);
    }

    function _load(bytes32 slot) private view returns (bytes32) {
        return _loadAll(slot, 1)[0];
    }

    /// @dev `n` consecutive words from `slot`.
    function _loadAll(bytes32 slot, uint256 n) private view returns (bytes32[] memory) {
        bytes32[] memory slots = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            slots[i] = bytes32(uint256(slot) + i);
        }
        return IExtsload(address(ENGINE)).extsload(slots);
    }
}

/// @dev The public getter of MessageRoutes' `routes` mapping (its struct flattened, as Solidity does).
interface IMessageRoutesGetter {
    function routes(bytes32 routeId)
        external
        view
        returns (address primary, address fallbackMessenger, uint32 messageSeconds);
}
