using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Membership;

/// <summary>
/// The vote rule. A voter that missed its probes of an active silo adds its vote to that silo's row; votes older than the
/// expiry, and votes of silos that are themselves dead, no longer count. When the fresh votes, the voter's own
/// included, reach <see cref="MembershipOptions.VotesForDeath"/> (capped at the number of other active silos, so the
/// lone survivor of a two-silo cluster can decide) the same write declares the silo dead.
/// </summary>
internal static class SuspicionVoting
{
    /// <summary>The row to write for <paramref name="voter"/>'s vote on <paramref name="suspect"/>, or null when there is nothing to write.</summary>
    public static SuspicionVote? Decide(MembershipTableData table, SiloAddress voter, SiloAddress suspect, DateTimeOffset now, MembershipOptions options)
    {
        var row = table.Find(suspect);
        // Only an active silo is voted on: one that is leaving answers slowly while it deactivates, and a leaving silo
        // that hangs is declared dead by the age of its I-am-alive instead.
        if (row is null || row.Entry.Status != SiloStatus.Active || table.Find(voter)?.Entry.Status != SiloStatus.Active)
        {
            return null;
        }

        var counted = row.Entry.Suspicions
            .Where(vote => vote.Voter != voter && IsFresh(vote, now, options) && IsAlive(table, vote.Voter))
            .ToList();
        var alreadyVoted = row.Entry.Suspicions.Any(vote => vote.Voter == voter && IsFresh(vote, now, options));
        var otherActive = table.Rows.Count(other => other.Entry.Status == SiloStatus.Active && other.Entry.Silo != suspect);
        var needed = Math.Clamp(options.VotesForDeath, 1, Math.Max(1, otherActive));
        var votes = counted.Count + 1;
        if (alreadyVoted && votes < needed)
        {
            // Our fresh vote is on the row and changes nothing yet: writing it again would only move the version.
            return null;
        }

        counted.Add(new SuspectVote(voter, now));
        var updated = row.Entry with
        {
            Status = votes >= needed ? SiloStatus.Dead : row.Entry.Status,
            Suspicions = [.. counted.OrderBy(vote => vote.At)],
        };
        return new SuspicionVote(row, updated, votes, needed);
    }

    private static bool IsFresh(SuspectVote vote, DateTimeOffset now, MembershipOptions options) => now - vote.At < options.VoteExpiry;

    private static bool IsAlive(MembershipTableData table, SiloAddress silo) => table.Find(silo)?.Entry.Status is { } status && status != SiloStatus.Dead;
}
