using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>
/// A cluster silo's start and stop, in order. Start: listen for silos, join membership, tell the others. Stop: drain
/// (activate nothing new here) and deactivate every grain while still Active, so that directory entries and
/// connections carry the last calls and state writes; write ShuttingDown, which hands this silo's directory partition
/// to the silos that own it next; tell the others, so they stop routing here; write Dead and refuse calls that start
/// here; let what the others still send, and the calls in flight, be answered; then close the connections. Until the
/// end, a directory call that still arrives here goes on to the partition's next owner.
/// </summary>
internal sealed class ClusterLifecycle(
    SiloConnectionManager connections,
    MembershipService membership,
    ClusterMessageRouter router,
    DistributedGrainDirectory directory,
    ClusterAnnouncer announcer,
    Silo silo,
    RuntimeLog log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await connections.StartAsync(cancellationToken).ConfigureAwait(false);
        await membership.StartAsync(cancellationToken).ConfigureAwait(false);
        await announcer.AnnounceAsync().ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (membership.IsRunning)
        {
            router.Drain();
            await silo.StopAsync(cancellationToken).ConfigureAwait(false);
            await membership.BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
            await directory.HandOffsDelivered.ConfigureAwait(false);
            var (asked, answered) = await announcer.AnnounceAsync().ConfigureAwait(false);
            log.LeaveAnnounced(connections.Self, answered, asked);
            await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);

            // Nobody routes here now. A grain call that starts here is refused; what the others sent before they
            // heard is still handled, and what is in flight is answered, before the connections close.
            router.Leave();
            var (waited, owed) = await connections.DrainAsync(cancellationToken).ConfigureAwait(false);
            log.ConnectionsDrained(connections.Self, (long)waited.TotalMilliseconds, owed);
        }

        router.Halt();
        await membership.StopAsync().ConfigureAwait(false);
        await connections.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
