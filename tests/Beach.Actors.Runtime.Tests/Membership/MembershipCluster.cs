using System.Collections.Concurrent;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beach.Actors.Runtime.Tests.Membership;

/// <summary>
/// Membership services of several silos sharing one in-memory table, probing each other over a
/// <see cref="ProbeNetwork"/> the test controls, on one manual clock. The clock moves in small steps, and after each
/// step the harness waits until no membership loop is mid-run, so every run sees the table as the previous ones left it.
/// </summary>
internal sealed class MembershipCluster : IAsyncDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<SiloAddress, Member> _members = new();

    public MembershipCluster(MembershipOptions? options = null)
    {
        Options = options ?? MembershipOptions.ForTests();
        Table = new RecordingMembershipTable(Inner);
    }

    public ManualTimeProvider Clock { get; } = new();

    public InMemoryMembershipTable Inner { get; } = new();

    public RecordingMembershipTable Table { get; }

    public ProbeNetwork Network { get; } = new();

    public MembershipOptions Options { get; }

    public IReadOnlyList<Member> Members => [.. _members.Values.OrderBy(member => member.Address.Port).ThenBy(member => member.Address.Generation)];

    /// <summary>A silo on loopback port <paramref name="port"/> joins.</summary>
    public async Task<Member> StartSiloAsync(int port, long generation = 1)
    {
        var member = CreateSilo(port, generation);
        await member.Service.StartAsync(CancellationToken.None);
        return member;
    }

    /// <summary>A silo that is not started yet.</summary>
    public Member CreateSilo(int port, long generation = 1)
    {
        var address = new SiloAddress("127.0.0.1", port, generation);
        var member = new Member(address);
        member.Service = new MembershipService(
            new LocalSiloDetails(address, $"silo-{port}", 0),
            Table,
            Network.ProberFor(address),
            member.Views,
            Options,
            Clock,
            NullLogger<MembershipService>.Instance,
            member.DeathReasons.Enqueue);
        _members[address] = member;
        return member;
    }

    /// <summary>The process of <paramref name="member"/> dies: it answers no probe and runs no loop.</summary>
    public async Task KillAsync(Member member)
    {
        Network.Kill(member.Address);
        await member.Service.StopAsync();
    }

    /// <summary>Moves the clock by <paramref name="duration"/> in small steps, letting the loops run after each.</summary>
    public async Task AdvanceAsync(TimeSpan duration)
    {
        for (var moved = TimeSpan.Zero; moved < duration; moved += Step)
        {
            Clock.Advance(duration - moved < Step ? duration - moved : Step);
            await SettleAsync();
        }
    }

    /// <summary>Moves the clock in small steps until <paramref name="condition"/> holds; returns how far it moved.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">The condition did not hold within <paramref name="limit"/>.</exception>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        while (!condition())
        {
            if (moved >= limit)
            {
                throw new Xunit.Sdk.XunitException($"The condition did not hold within {limit} of clock time.");
            }

            Clock.Advance(Step);
            moved += Step;
            await SettleAsync();
        }

        return moved;
    }

    public MembershipTableData ReadTable() => Inner.ReadAllAsync(CancellationToken.None).GetAwaiter().GetResult();

    public MembershipEntry RowOf(Member member) => ReadTable().Find(member.Address)?.Entry ?? throw new InvalidOperationException($"No row for {member.Address}.");

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members.Values)
        {
            await member.Service.StopAsync();
        }
    }

    private async Task SettleAsync()
    {
        var started = DateTime.UtcNow;
        while (_members.Values.Any(member => member.Service.IsBusy))
        {
            if (DateTime.UtcNow - started > SettleLimit)
            {
                throw new Xunit.Sdk.XunitException("Membership loops did not settle.");
            }

            await Task.Delay(1);
        }
    }

    internal sealed class Member
    {
        private readonly ConcurrentQueue<ClusterView> _published = new();

        public Member(SiloAddress address)
        {
            Address = address;
            Views = new ClusterViewSource(new ClusterView(address, [], 0));
            Views.Changed += (_, view) => _published.Enqueue(view);
        }

        public SiloAddress Address { get; }

        public ClusterViewSource Views { get; }

        public MembershipService Service { get; set; } = null!;

        /// <summary>What the declared-dead callback was told, each time it was called.</summary>
        public ConcurrentQueue<string> DeathReasons { get; } = new();

        /// <summary>Every view membership published, oldest first.</summary>
        public IReadOnlyList<ClusterView> Published => [.. _published];

        public bool Sees(params Member[] members) =>
            Views.Current.Active.ToHashSet().SetEquals(members.Select(member => member.Address));
    }
}
