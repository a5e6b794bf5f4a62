using System.Collections.Concurrent;
using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Reminders;
using Beach.Actors.Runtime.Storage;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Tests.Cluster;

/// <summary>
/// Several silos in one process whose routers, directories, placement and silo-control calls are the cluster's own,
/// joined by an in-process hand-over of messages instead of TCP and told of membership by the test. It tests routing
/// and the directory alone; the TCP transport and the membership protocol have their own tests.
/// </summary>
internal sealed class InProcessCluster(ManualTimeProvider? clock = null, Action<IServiceCollection>? configure = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Member> _members = new();
    private readonly IGrainStorage _storage = new MemoryGrainStorage();

    /// <summary>The reminder table every silo shares, as they would share PostgreSQL.</summary>
    public InMemoryReminderTable Reminders { get; } = new();

    /// <summary>What reminder ticks did, on whichever silo.</summary>
    public ReminderLog ReminderLog { get; } = new();
    private long _version;
    private int _nextPort = 20_000;

    public IReadOnlyCollection<Member> Members => _members.Values.ToList();

    /// <summary>Starts a silo and tells every silo of the new view.</summary>
    /// <param name="newcomerLearnsLast">The silos already there learn of the join before the new silo learns of them,
    /// as when membership reaches the newcomer last.</param>
    public async Task<Member> AddSiloAsync(bool newcomerLearnsLast = false)
    {
        var address = new SiloAddress("127.0.0.1", Interlocked.Increment(ref _nextPort), 1);
        var views = new ClusterViewSource(new ClusterView(address, [], 0));
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }

                services.AddSingleton<Probe>();
                services.AddSingleton(ReminderLog);
                services.AddSingleton<IReminderTable>(Reminders);
                services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
                services.AddKeyedSingleton(StorageNames.Default, _storage);
                services.AddBeachSilo(silo => silo.AddGrains(typeof(InProcessCluster).Assembly).UseInMemoryStorage());
                services.AddSingleton(views);
                services.AddSingleton<ISiloMessageSender>(new Sender(this));
                services.AddClusterRouting();
                configure?.Invoke(services);
            })
            .Build();
        await host.StartAsync();
        var member = new Member(address, host, views);
        _members[address] = member;
        if (newcomerLearnsLast)
        {
            _holding.Add(address);
            PublishViews();
            _holding.Remove(address);
            PublishViewTo(member);
        }
        else
        {
            PublishViews();
        }

        return member;
    }

    /// <summary>The silo stops answering at once and the others learn that it is dead: a crash, as membership reports it.</summary>
    /// <param name="member">The silo that dies.</param>
    /// <param name="unaware">Silos that do not learn of the death until <see cref="PublishViewTo"/>.</param>
    public async Task KillAsync(Member member, params Member[] unaware)
    {
        _members.TryRemove(member.Address, out _);

        // Its timers die with it: no reminder of its ticks again.
        member.Host.Services.GetRequiredService<ReminderService>().Dispose();
        _holding.UnionWith(unaware.Select(silo => silo.Address));
        try
        {
            PublishViews();
        }
        finally
        {
            _holding.ExceptWith(unaware.Select(silo => silo.Address));
        }

        member.Host.Dispose();
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members.Values)
        {
            await member.Host.StopAsync();
            member.Host.Dispose();
        }
    }

    /// <summary>
    /// Adds a silo whose arrival only <paramref name="first"/> (and the new silo) learn of; the others keep their view
    /// until <see cref="PublishViewTo"/>, as when membership reaches silos at different moments.
    /// </summary>
    public async Task<Member> AddSiloSeenByAsync(params Member[] first)
    {
        var held = _members.Values.Except(first).ToList();
        _holding.UnionWith(held.Select(member => member.Address));
        try
        {
            return await AddSiloAsync();
        }
        finally
        {
            _holding.ExceptWith(held.Select(member => member.Address));
        }
    }

    /// <summary>
    /// The silo starts to leave (membership has it ShuttingDown): it and every silo but <paramref name="unaware"/> learn a
    /// view without it, and it stays reachable, as a leaving silo does until it has gone.
    /// </summary>
    public void BeginLeave(Member member, params Member[] unaware)
    {
        _leaving.Add(member.Address);
        _holding.UnionWith(unaware.Select(silo => silo.Address));
        try
        {
            PublishViews();
        }
        finally
        {
            _holding.ExceptWith(unaware.Select(silo => silo.Address));
        }
    }

    /// <summary>Gives one silo the cluster's current view.</summary>
    public void PublishViewTo(Member member)
        => member.Views.Publish(new ClusterView(member.Address, Active(), Interlocked.Read(ref _version)));

    private readonly HashSet<SiloAddress> _holding = [];
    private readonly HashSet<SiloAddress> _leaving = [];

    private List<SiloAddress> Active() => _members.Keys.Where(address => !_leaving.Contains(address)).ToList();

    private void PublishViews()
    {
        var version = Interlocked.Increment(ref _version);
        var active = Active();
        foreach (var member in _members.Values.Where(member => !_holding.Contains(member.Address)))
        {
            member.Views.Publish(new ClusterView(member.Address, active, version));
        }
    }

    private Member? Find(SiloAddress address) => _members.TryGetValue(address, out var member) ? member : null;

    private Member Reach(SiloAddress address)
        => Find(address) ?? throw new InvalidOperationException($"Silo {address} is unreachable.");

    internal sealed class Member(SiloAddress address, IHost host, ClusterViewSource views)
    {
        public SiloAddress Address { get; } = address;

        public IHost Host { get; } = host;

        public ClusterViewSource Views { get; } = views;

        public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

        public Actors.Streams.IStreamProvider Streams => Host.Services.GetRequiredService<Actors.Streams.IStreamProvider>();

        public ActivationCatalog Catalog => Host.Services.GetRequiredService<ActivationCatalog>();

        public DistributedGrainDirectory Directory => Host.Services.GetRequiredService<DistributedGrainDirectory>();

        public ClusterMessageRouter Router => Host.Services.GetRequiredService<ClusterMessageRouter>();

        public bool Hosts(GrainId grain) => Catalog.TryGet(grain, out _);

        /// <summary>The activations of application grains, leaving out the silo's own system grains.</summary>
        public int GrainCount => Catalog.Activations.Count(activation => !SystemTargets.IsSystem(activation.GrainId));
    }

    private sealed class Sender(InProcessCluster cluster) : ISiloMessageSender
    {
        public void Send(SiloAddress target, Message message)
        {
            if (cluster.Find(target) is { } member)
            {
                member.Router.DeliverLocal(message);
            }
            else
            {
                message.Respond(Response.FromException(new InvalidOperationException($"Silo {target} is unreachable.")));
            }
        }
    }
}
