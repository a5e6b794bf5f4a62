using System.Collections.Concurrent;
using System.Text.Json;
using Beach.Actors.Leases;
using Beach.Actors.Sessions;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>
/// Clients writing through whichever silos are running, as a gateway would, that keep every write the cluster
/// acknowledged: lease clients acquiring, renewing and releasing the lease of their own session, and session clients
/// registering new sessions and heartbeating the ones they registered. What they keep is what must be found afterwards.
/// </summary>
internal sealed class AcknowledgedWriteLoad(TestCluster cluster, IReadOnlyList<string> leaseSessions, int sessionClients)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private static readonly JsonElement NoMetadata = JsonDocument.Parse("{}").RootElement;
    private long _failed;

    /// <summary>Acknowledged lease writes: (session key, audit kind, lease id).</summary>
    public ConcurrentQueue<(string Session, string Kind, string LeaseId)> LeaseWrites { get; } = new();

    /// <summary>Acknowledged registrations by session key, with the harness that registered it.</summary>
    public ConcurrentDictionary<string, string> Registrations { get; } = new();

    /// <summary>The latest acknowledged heartbeat of each session, as the silo that took it stamped it.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Heartbeats { get; } = new();

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Failures by exception type, for the test's message.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>By the silo a failed call went through: the first message of each exception type.</summary>
    public ConcurrentDictionary<string, ConcurrentDictionary<string, string>> FailuresThrough { get; } = new();

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(
        leaseSessions.Select((key, client) => Task.Run(() => LeaseClientAsync(key, client, stop)))
            .Concat(Enumerable.Range(0, sessionClients).Select(client => Task.Run(() => SessionClientAsync(client, stop)))));

    private async Task LeaseClientAsync(string sessionKey, int client, CancellationToken stop)
    {
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            round++;
            var via = Through(client + round);
            try
            {
                var grant = await via.Grains.GetGrain<IControllerLeaseGrain>(sessionKey).AcquireAsync($"client-{client}", Ttl);
                LeaseWrites.Enqueue((sessionKey, "granted", grant.LeaseId));
                via = Through(client + round + 1);
                await via.Grains.GetGrain<IControllerLeaseGrain>(sessionKey).RenewAsync(grant.LeaseId, grant.ControllerId, Ttl);
                LeaseWrites.Enqueue((sessionKey, "renewed", grant.LeaseId));
                via = Through(client + round + 2);
                await via.Grains.GetGrain<IControllerLeaseGrain>(sessionKey).ReleaseAsync(grant.LeaseId);
                LeaseWrites.Enqueue((sessionKey, "released", grant.LeaseId));
            }
            catch (Exception exception)
            {
                Fail(exception, via);

                // A held lease waits out its TTL (a release was lost); anything else retries soon.
                await Task.Delay(exception is LeaseHeldException ? 100 : 20, CancellationToken.None);
            }
        }
    }

    private async Task SessionClientAsync(int client, CancellationToken stop)
    {
        var harness = $"harness-{client}";
        var mine = new List<string>();
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            round++;
            var via = Through(client + round);
            try
            {
                // A new session, then a heartbeat of one of this client's sessions, new or old.
                var key = $"dev/reg-{client}-{round}";
                await via.Grains.GetGrain<ISessionGrain>(key).RegisterAsync(new SessionRegistration(harness, "terminal_shim", ["terminal_semantic_v1"], NoMetadata));
                Registrations[key] = harness;
                mine.Add(key);

                var beat = round % 2 == 0 ? key : mine[Random.Shared.Next(mine.Count)];
                via = Through(client + round + 1);
                var info = await via.Grains.GetGrain<ISessionGrain>(beat).HeartbeatAsync("ok");
                Heartbeats.AddOrUpdate(beat, info.LastHeartbeatAt!.Value, (_, seen) => seen > info.LastHeartbeatAt!.Value ? seen : info.LastHeartbeatAt!.Value);
            }
            catch (Exception exception)
            {
                Fail(exception, via);
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private TestSilo Through(int spread)
    {
        var running = cluster.Running;
        return running[spread % running.Count];
    }

    private void Fail(Exception exception, TestSilo via)
    {
        Interlocked.Increment(ref _failed);
        var type = exception.GetType().Name;
        Failures.AddOrUpdate(type, 1, (_, count) => count + 1);
        FailuresThrough.GetOrAdd(via.Name, _ => new ConcurrentDictionary<string, string>()).TryAdd(type, exception.Message);
    }
}
