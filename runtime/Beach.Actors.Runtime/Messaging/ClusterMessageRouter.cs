using System.Collections.Concurrent;
using System.Reflection;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Placement;
using Beach.Actors.Runtime.Registry;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// Routes a message to its grain's activation wherever in the cluster it lives: a local activation first, then the
/// directory cache, then the directory itself; a grain with no activation is placed by its class's placement and the
/// chosen silo activates it (the activation registers, and a loser forwards to the winner). Calls never learn where
/// their grain runs: this is the seam <see cref="LocalMessageRouter"/> stands in for on one silo.
/// </summary>
internal sealed class ClusterMessageRouter(
    ActivationCatalog catalog,
    DistributedGrainDirectory directory,
    ClusterViewSource views,
    ISiloMessageSender sender,
    PlacementDirector placement,
    GrainTypeRegistry registry) : IMessageRouter
{
    /// <summary>A message bounced between activations this often means something is wrong; stop it there.</summary>
    private const int MAX_FORWARDS = 8;

    private readonly ConcurrentDictionary<string, PlacementKind> _placements = new(StringComparer.Ordinal);
    private RingWithoutSelf? _ringWithoutSelf;
    private volatile bool _halted;
    private volatile bool _left;
    private volatile bool _draining;

    /// <summary>
    /// Starts a graceful leave: this silo activates nothing new (a call for a grain it does not host is placed on
    /// another active silo) while its activations deactivate. Its directory entries stay valid until each activation
    /// unregisters, so no second activation can start elsewhere while the first still writes its state.
    /// </summary>
    public void Drain() => _draining = true;

    /// <summary>
    /// Ends a graceful leave's drain: a grain call that starts here is refused from now on, while what other silos
    /// still send is handled to the end (directory calls are passed on, grain calls placed on another silo), until
    /// <see cref="Halt"/>.
    /// </summary>
    public void Leave() => _left = true;

    /// <summary>
    /// Stops serving: every call from now on, from here or from another silo, is refused. A silo does this when it
    /// reads itself dead (the cluster has moved its grains) and as the last step of leaving.
    /// </summary>
    public void Halt() => _halted = true;

    public void Send(Message message)
    {
        if (_halted)
        {
            Refuse(message);
            return;
        }

        if (SystemTargets.TryGetSilo(message.Target, out var systemSilo))
        {
            SendTo(views.Current, systemSilo, message);
            return;
        }

        if (_left)
        {
            Refuse(message);
            return;
        }

        if (catalog.TryGet(message.Target, out var activation))
        {
            activation.Enqueue(message);
            return;
        }

        var view = views.Current;
        if (directory.Cache.TryGet(message.Target, out var cached) && view.IsActive(cached.Silo))
        {
            SendTo(view, cached.Silo, message);
            return;
        }

        _ = ResolveAndSendAsync(message);
    }

    public void Forward(Message message)
    {
        if (++message.ForwardCount > MAX_FORWARDS)
        {
            message.Respond(Response.FromException(new InvalidOperationException(
                $"{message} was forwarded {message.ForwardCount} times without reaching a live activation.")));
            return;
        }

        directory.Invalidate(message.Target);
        Send(message);
    }

    /// <summary>A message for an activation on this silo, from this silo or from another one.</summary>
    public void DeliverLocal(Message message)
    {
        if (_halted)
        {
            Refuse(message);
            return;
        }

        if (_draining && !catalog.TryGet(message.Target, out _) && !SystemTargets.IsSystem(message.Target) && PlaceElsewhere(message))
        {
            return;
        }

        ActivationData activation;
        try
        {
            activation = catalog.GetOrCreate(message.Target);
        }
        catch (Exception exception)
        {
            message.Respond(Response.FromException(exception));
            return;
        }

        activation.Enqueue(message);
    }

    private async Task ResolveAndSendAsync(Message message)
    {
        try
        {
            var view = views.Current;
            if (view.Ring.IsEmpty)
            {
                throw new InvalidOperationException($"{message} cannot be placed: the cluster has no active silo yet.");
            }

            var address = await directory.LookupAsync(message.Target).ConfigureAwait(false);
            view = views.Current;
            var silo = address?.Silo ?? placement.Choose(
                message.Target, PlacementOf(message.Target.Type), view.IsActive(view.Self) ? view.Self : null, view.Active, view.Ring);
            SendTo(view, silo, message);
        }
        catch (Exception exception)
        {
            message.Respond(Response.FromException(exception));
        }
    }

    private void SendTo(ClusterView view, Actors.Cluster.SiloAddress silo, Message message)
    {
        if (silo == view.Self)
        {
            DeliverLocal(message);
        }
        else
        {
            message.ResponseSink.PassedOn(silo);
            sender.Send(silo, message);
        }
    }

    /// <summary>Sends a message this draining silo will not activate to another active silo; false when there is none.</summary>
    private bool PlaceElsewhere(Message message)
    {
        var view = views.Current;
        var others = view.Active.Where(silo => silo != view.Self).ToList();
        if (others.Count == 0 || ++message.ForwardCount > MAX_FORWARDS)
        {
            return false;
        }

        // The ring without this silo is the one the others will hold once it has left: a tenant's grains go to the
        // silo that becomes the tenant's audit home, not to a random one. One ring per view, not one per message.
        var known = Volatile.Read(ref _ringWithoutSelf);
        if (known is null || !ReferenceEquals(known.View, view))
        {
            known = new RingWithoutSelf(view, new ConsistentRing(others));
            Volatile.Write(ref _ringWithoutSelf, known);
        }

        sender.Send(placement.Choose(message.Target, PlacementOf(message.Target.Type), caller: null, others, known.Ring), message);
        return true;
    }

    private void Refuse(Message message) => message.Respond(Response.FromException(new SiloUnavailableException(
        $"{message} was refused: silo {views.Current.Self} has left the cluster or was declared dead.")));

    private PlacementKind PlacementOf(string grainType) => _placements.GetOrAdd(grainType, type =>
        registry.TryGetClass(type, out var descriptor)
            ? descriptor.GrainClass.GetCustomAttribute<PlacementAttribute>()?.Kind ?? PlacementKind.Random
            : PlacementKind.Random);

    /// <summary>The ring of a view's active silos but this one, which a draining silo places on.</summary>
    private sealed record RingWithoutSelf(ClusterView View, ConsistentRing Ring);
}
