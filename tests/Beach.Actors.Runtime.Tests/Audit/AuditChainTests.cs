using Beach.Actors.Audit;
using Beach.Actors.Runtime.Audit;

namespace Beach.Actors.Runtime.Tests.Audit;

/// <summary>
/// The chain's encoding pinned by known answers (computed apart from this code, with Python's hashlib over the
/// documented bytes), so servers and clients built at different times keep hashing alike; and what the verifier names.
/// </summary>
public sealed class AuditChainTests
{
    private const string Tenant = "tenant-a";
    private const string FIRST_HASH = "05adc8d74f0eeffd8f081453619c49944dfba5cfb9f50e83123e130c0390aecd";
    private const string SECOND_HASH = "1dc3503ef60e16eb56047a710a44a24f116d9e708b477084b8cf3d27bdcf1d5c";
    private static readonly DateTimeOffset At = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private static readonly AuditRecord First = new(
        1, Tenant, "controller/s1", 1, "granted", "alice", """{"fencing_token":1,"note":"é"}""", At, AuditChain.GENESIS_HASH, FIRST_HASH);

    private static readonly AuditRecord Second = new(7, Tenant, "controller/s1", 2, "released", null, "{}", At, FIRST_HASH, SECOND_HASH);

    [Fact]
    public void The_encoding_hashes_to_the_documented_known_answers()
    {
        AuditChain.ComputeHash(First).ShouldBe(FIRST_HASH);
        AuditChain.ComputeHash(Second).ShouldBe(SECOND_HASH);
    }

    [Theory]
    [InlineData("short", "00ff")]
    [InlineData("one digit short", "000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("one digit long", "00000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("not hex", "zz00000000000000000000000000000000000000000000000000000000000000")]
    public void A_previous_hash_that_is_not_64_hex_digits_is_refused(string what, string prevHash)
        => Should.Throw<FormatException>(() => AuditChain.ComputeHash(Second with { PrevHash = prevHash }), what)
            .Message.ShouldContain(prevHash);

    [Fact]
    public void A_previous_hash_in_upper_case_hashes_as_in_lower_case()
        => AuditChain.ComputeHash(Second with { PrevHash = FIRST_HASH.ToUpperInvariant() }).ShouldBe(SECOND_HASH);

    [Fact]
    public void A_null_actor_and_an_empty_actor_hash_apart()
        => AuditChain.ComputeHash(Second with { Actor = "" }).ShouldNotBe(SECOND_HASH);

    [Fact]
    public void An_intact_chain_verifies_and_reports_its_head()
        => AuditChainVerifier.Verify(Tenant, [First, Second]).ShouldBe(new AuditChainVerification(Tenant, 2, SECOND_HASH, null));

    public static TheoryData<string, AuditRecord[], long, AuditChainBreakReason> Breaks => new()
    {
        { "changed data", [First, Second with { Data = """{"x":1}""" }], 7, AuditChainBreakReason.HashMismatch },
        { "changed hash", [First with { Hash = SECOND_HASH }, Second], 1, AuditChainBreakReason.HashMismatch },
        { "first removed", [Second], 7, AuditChainBreakReason.BrokenLink },
        { "reordered", [Second, First], 7, AuditChainBreakReason.BrokenLink },
        { "seq not rising", [First, Second with { Seq = 1 }], 1, AuditChainBreakReason.OutOfOrder },
        { "other tenant", [First with { Tenant = "tenant-b" }], 1, AuditChainBreakReason.WrongTenant },
        { "stream gap, rehashed", [First, Rehashed(Second with { StreamVersion = 3 })], 7, AuditChainBreakReason.StreamVersionGap },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void The_verifier_names_the_first_record_that_does_not_fit(string tampering, AuditRecord[] records, long seq, AuditChainBreakReason reason)
    {
        var verification = AuditChainVerifier.Verify(Tenant, records);

        var broken = verification.FirstBreak.ShouldNotBeNull(tampering);
        broken.Seq.ShouldBe(seq, tampering);
        broken.Reason.ShouldBe(reason, tampering);
        broken.Describe().ShouldContain($"seq {seq}");
    }

    [Fact]
    public async Task The_memory_log_chains_each_tenant_apart_at_millisecond_times()
    {
        var log = new MemoryAuditLog();
        var a1 = await log.AppendAsync(new AuditEntry(Tenant, "controller/s1", "granted", null, "{}", At.AddTicks(1234)));
        var b1 = await log.AppendAsync(new AuditEntry("tenant-b", "controller/s1", "granted", null, "{}", At));
        var a2 = await log.AppendAsync(new AuditEntry(Tenant, "session/s1", "state_read", "alice", "{}", At));

        a1.At.ShouldBe(At);
        b1.PrevHash.ShouldBe(AuditChain.GENESIS_HASH);
        a2.PrevHash.ShouldBe(a1.Hash);
        var chain = await log.QueryAsync(new AuditQuery(Tenant));
        chain.ShouldBe([a1, a2]);
        AuditChainVerifier.Verify(Tenant, chain).IsIntact.ShouldBeTrue();
        (await log.QueryAsync(new AuditQuery(Tenant) { Streams = ["session/s1"], Actor = "alice" })).ShouldBe([a2]);
    }

    private static AuditRecord Rehashed(AuditRecord record) => record with { Hash = AuditChain.ComputeHash(record) };
}
