using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>
/// A cluster silo's start and stop, in order. Start: listen for silos, then join membership. Stop: write
/// ShuttingDown (the others stop placing grains here), deactivate every grain while the connections still carry their
/// last calls and state writes, write Dead, then close the connections.
/// </summary>
internal sealed class ClusterLifecycle(
    SiloConnectionManager connections,
    MembershipService membership,
    ClusterMessageRouter router,
    Silo silo) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await connections.StartAsync(cancellationToken).ConfigureAwait(false);
        await membership.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (membership.IsRunning)
        {
            await membership.BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
            await silo.StopAsync(cancellationToken).ConfigureAwait(false);
            await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        router.Halt();
        await membership.StopAsync().ConfigureAwait(false);
        await connections.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
