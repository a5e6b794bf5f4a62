using System.Text.Json;
using Beach.Actors.Audit;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>
/// Reads a session's controller stream from the audit log and checks the lease invariant over all of it: fencing
/// tokens of grants strictly increase, and no grant falls inside the validity window of the lease before it (a lease
/// is valid from its grant until its release, its expiry event, or its last expires_at, whichever comes first).
/// </summary>
internal static class LeaseAuditChecker
{
    public static async Task<LeaseHistory> CheckAsync(IAuditLog audit, string tenant, string sessionId)
    {
        var records = new List<AuditRecord>();
        long after = 0;
        while (true)
        {
            var page = await audit.ReadStreamAsync(tenant, "controller/" + sessionId, after, 1_000);
            if (page.Count == 0)
            {
                break;
            }

            records.AddRange(page);
            after = page[^1].Seq;
        }

        var grants = 0;
        long highestToken = 0;
        (string LeaseId, long Token, DateTimeOffset ExpiresAt)? current = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            record.StreamVersion.ShouldBe(i + 1L, $"{sessionId}: stream versions have no gaps or repeats");
            using var data = JsonDocument.Parse(record.Data);
            var leaseId = data.RootElement.GetProperty("lease_id").GetString()!;
            var token = data.RootElement.GetProperty("fencing_token").GetInt64();
            var expiresAt = data.RootElement.GetProperty("expires_at").GetDateTimeOffset();
            switch (record.Kind)
            {
                case "granted":
                    token.ShouldBeGreaterThan(highestToken, $"{sessionId}: grant #{record.StreamVersion} must carry a higher fencing token");
                    if (current is { } held)
                    {
                        record.At.ShouldBeGreaterThanOrEqualTo(held.ExpiresAt,
                            $"{sessionId}: grant #{record.StreamVersion} at {record.At:O} overlaps lease {held.LeaseId} valid until {held.ExpiresAt:O}");
                    }

                    highestToken = token;
                    current = (leaseId, token, expiresAt);
                    grants++;
                    break;
                case "renewed":
                    current.ShouldNotBeNull($"{sessionId}: renewal #{record.StreamVersion} of no lease");
                    current.Value.LeaseId.ShouldBe(leaseId, $"{sessionId}: renewal #{record.StreamVersion} of a lease that is not current");
                    record.At.ShouldBeLessThanOrEqualTo(current.Value.ExpiresAt, $"{sessionId}: renewal #{record.StreamVersion} after its lease expired");
                    current = (leaseId, token, expiresAt);
                    break;
                case "released":
                case "expired":
                    current.ShouldNotBeNull($"{sessionId}: {record.Kind} #{record.StreamVersion} of no lease");
                    current.Value.LeaseId.ShouldBe(leaseId, $"{sessionId}: {record.Kind} #{record.StreamVersion} of a lease that is not current");
                    current = null;
                    break;
                default:
                    throw new ShouldAssertException($"{sessionId}: unknown controller event kind '{record.Kind}'");
            }
        }

        return new LeaseHistory(records.Count, grants, highestToken);
    }
}

/// <summary>What one session's controller stream held.</summary>
internal sealed record LeaseHistory(int Events, int Grants, long HighestToken);
