using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>
/// A cluster silo's start and stop, in order. Start: listen for silos, then join membership. Stop: drain (activate
/// nothing new here), deactivate every grain while still Active, so that directory entries and connections carry the
/// last calls and state writes, then write ShuttingDown and Dead, then close the connections.
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
            // Still Active while the grains go: the others keep routing to the activations here, and each one's
            // directory entry lasts until it has written its state and unregistered. Only then ShuttingDown and Dead.
            router.Drain();
            await silo.StopAsync(cancellationToken).ConfigureAwait(false);
            await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        router.Halt();
        await membership.StopAsync().ConfigureAwait(false);
        await connections.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
