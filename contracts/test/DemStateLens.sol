// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {IEnergyMarket} from "../interfaces/IEnergyMarket.sol";
import {IEnergyPool} from "../interfaces/IEnergyPool.sol";
import {IEnergyProfile} from "../interfaces/IEnergyProfile.sol";

/**
 * @title DemStateLens
 * @notice Test helper, never deployed by the library: reads everything the DEM contracts expose
 * (every profile, every commitment, the given intervals, balances and feeds) in one view call,
 * so property tests can compare the whole market state with the reference model after every
 * command without hundreds of separate calls.
 */
contract DemStateLens {
    struct ProfileView {
        uint256 tokenId;
        address owner;
        address depositor;
        address approved;
        IEnergyProfile.Profile profile;
    }

    struct CommitmentView {
        IEnergyPool.Commitment commitment;
        IEnergyMarket.CommitmentStatus status;
    }

    struct IntervalView {
        uint32 interval;
        IEnergyMarket.Settlement settlement;
        IEnergyPool.IntervalTotals totals;
        uint256[] book;
    }

    struct FeedView {
        uint80 roundId;
        int256 answer;
        uint256 updatedAt;
    }

    struct Observation {
        uint256 lastTokenId;
        uint256 commitmentCount;
        uint256 bufferCursor;
        ProfileView[] profiles;
        CommitmentView[] commitments;
        IntervalView[] intervals;
        uint256[] balances;
        FeedView[] feeds;
    }

    /**
     * @notice The whole observable state of a deployed market.
     * @param intervals The intervals whose settlement record, aggregates and book to read.
     * @param accounts Addresses whose ETH balance to read.
     * @param feeds Feeds whose latest round to read.
     */
    function observe(
        IEnergyMarket market,
        uint32[] calldata intervals,
        address[] calldata accounts,
        AggregatorV3Interface[] calldata feeds
    ) external view returns (Observation memory o) {
        IEnergyPool pool = market.pool();
        IEnergyProfile profile = market.profile();
        o.lastTokenId = profile.lastTokenId();
        o.commitmentCount = pool.commitmentCount();
        o.bufferCursor = market.bufferCursor();

        o.profiles = new ProfileView[](o.lastTokenId);
        for (uint256 i = 0; i < o.lastTokenId; ++i) {
            uint256 tokenId = i + 1;
            o.profiles[i] = ProfileView({
                tokenId: tokenId,
                owner: profile.ownerOf(tokenId),
                depositor: profile.depositorOf(tokenId),
                approved: profile.getApproved(tokenId),
                profile: profile.profileOf(tokenId)
            });
        }

        o.commitments = new CommitmentView[](o.commitmentCount);
        for (uint256 id = 0; id < o.commitmentCount; ++id) {
            o.commitments[id] = CommitmentView({commitment: pool.commitmentOf(id), status: market.commitmentStatusOf(id)});
        }

        o.intervals = new IntervalView[](intervals.length);
        for (uint256 i = 0; i < intervals.length; ++i) {
            uint32 interval = intervals[i];
            o.intervals[i] = IntervalView({
                interval: interval,
                settlement: market.settlementOf(interval),
                totals: pool.intervalTotalsOf(interval),
                book: market.bookOf(interval, 0, type(uint256).max)
            });
        }

        o.balances = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) {
            o.balances[i] = accounts[i].balance;
        }

        o.feeds = new FeedView[](feeds.length);
        for (uint256 i = 0; i < feeds.length; ++i) {
            (uint80 roundId, int256 answer,, uint256 updatedAt,) = feeds[i].latestRoundData();
            o.feeds[i] = FeedView({roundId: roundId, answer: answer, updatedAt: updatedAt});
        }
    }
}
