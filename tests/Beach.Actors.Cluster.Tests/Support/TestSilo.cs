using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>One silo of a <see cref="TestCluster"/>: a real host with its own TCP port, in this process.</summary>
internal sealed class TestSilo(string name, IHost host, KillSwitch killSwitch)
{
    // Taken now: a stopped silo's host may be disposed, and its services with it.
    private readonly CancellationToken _stopped = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped;

    public string Name { get; } = name;

    public IHost Host { get; } = host;

    public KillSwitch KillSwitch { get; } = killSwitch;

    public SiloAddress Address => Host.Services.GetRequiredService<SiloEndpoint>().Address;

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public ClusterView View => Host.Services.GetRequiredService<ClusterViewSource>().Current;

    public SiloConnectionManager Connections => Host.Services.GetRequiredService<SiloConnectionManager>();

    public MembershipService Membership => Host.Services.GetRequiredService<MembershipService>();

    /// <summary>Whether this silo's host stopped itself (for example after reading itself dead).</summary>
    public bool HasStopped => _stopped.IsCancellationRequested;

    /// <summary>How many activations of <paramref name="grain"/> this silo holds (0 or 1).</summary>
    public bool Hosts(GrainId grain) => Host.Services.GetRequiredService<ActivationCatalog>().TryGet(grain, out _);

    /// <summary>Activations of application grains, leaving out the silo's own system grains.</summary>
    public int GrainCount => Host.Services.GetRequiredService<ActivationCatalog>().Activations.Count(activation => !SystemTargets.IsSystem(activation.GrainId));

    public override string ToString() => $"{Name} ({Address})";
}
