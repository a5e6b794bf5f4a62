using Beach.Actors.Audit;
using Beach.Actors.Sqlite.Audit;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>The bounds of the heads the SQLite writer remembers; the appends that use them are in <see cref="SqliteAuditChainTests"/>.</summary>
public sealed class AuditHeadsTests
{
    private const string Tenant = "tenant-a";

    [Fact]
    public void Past_its_bound_of_streams_it_forgets_everything_and_keeps_only_the_newest()
    {
        var heads = new AuditHeads();
        for (var i = 0; i < AuditHeads.MAX_STREAMS; i++)
        {
            heads.Set(Tenant, $"stream-{i}", 1, AuditChain.GENESIS_HASH, i + 2);
        }

        heads.TryGet(Tenant, "stream-0", out _, out _, out _).ShouldBeTrue();
        heads.Set(Tenant, "stream-0", 2, AuditChain.GENESIS_HASH, AuditHeads.MAX_STREAMS + 2);
        heads.TryGet(Tenant, "stream-1", out _, out _, out _).ShouldBeTrue();

        heads.Set(Tenant, "one-too-many", 1, AuditChain.GENESIS_HASH, AuditHeads.MAX_STREAMS + 3);

        heads.TryGet(Tenant, "stream-0", out _, out _, out _).ShouldBeFalse();
        heads.TryGet(Tenant, "one-too-many", out var version, out var head, out var nextSeq).ShouldBeTrue();
        (version, head, nextSeq).ShouldBe((1L, AuditChain.GENESIS_HASH, AuditHeads.MAX_STREAMS + 3L));
    }

    [Fact]
    public void Past_its_bound_of_tenants_it_forgets_everything_and_keeps_only_the_newest()
    {
        var heads = new AuditHeads();
        for (var i = 0; i < AuditHeads.MAX_TENANTS; i++)
        {
            heads.Set($"tenant-{i}", "stream", 1, AuditChain.GENESIS_HASH, i + 2);
        }

        heads.TryGet("tenant-0", "stream", out _, out _, out _).ShouldBeTrue();

        heads.Set("one-too-many", "stream", 1, AuditChain.GENESIS_HASH, AuditHeads.MAX_TENANTS + 2);

        heads.TryGet("tenant-0", "stream", out _, out _, out _).ShouldBeFalse();
        heads.TryGet("one-too-many", "stream", out _, out _, out _).ShouldBeTrue();
    }
}
