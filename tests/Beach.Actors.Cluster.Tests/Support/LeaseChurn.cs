using System.Collections.Concurrent;
using Beach.Actors.Leases;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>
/// Clients that acquire, renew and release the lease of their own session over and over, each call through whichever
/// silo is running at that moment (as a gateway would), counting what was acknowledged and what failed. A failed call
/// is not retried blindly: the next round starts with a fresh acquire.
/// </summary>
internal sealed class LeaseChurn(TestCluster cluster, IReadOnlyList<string> sessionKeys)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private long _acknowledged;
    private long _failed;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Failures by exception type, for the test's message.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(sessionKeys.Select((key, client) => Task.Run(() => ClientAsync(key, client, stop))));

    private async Task ClientAsync(string sessionKey, int client, CancellationToken stop)
    {
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            round++;
            try
            {
                var grant = await Lease(sessionKey, client + round).AcquireAsync($"client-{client}", Ttl);
                Interlocked.Increment(ref _acknowledged);
                await Lease(sessionKey, client + round + 1).RenewAsync(grant.LeaseId, grant.ControllerId, Ttl);
                Interlocked.Increment(ref _acknowledged);
                await Lease(sessionKey, client + round + 2).ReleaseAsync(grant.LeaseId);
                Interlocked.Increment(ref _acknowledged);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _failed);
                Failures.AddOrUpdate(exception.GetType().Name, 1, (_, count) => count + 1);

                // A held lease waits out its TTL (it was granted through a silo that died); anything else retries soon.
                await Task.Delay(exception is LeaseHeldException ? 100 : 20, CancellationToken.None);
            }
        }
    }

    private IControllerLeaseGrain Lease(string sessionKey, int spread)
    {
        var running = cluster.Running;
        return running[spread % running.Count].Grains.GetGrain<IControllerLeaseGrain>(sessionKey);
    }
}
