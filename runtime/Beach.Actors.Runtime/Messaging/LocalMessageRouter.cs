using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Catalog;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>Routes every message to this silo's catalog: the single-silo placement.</summary>
internal sealed class LocalMessageRouter(ActivationCatalog catalog) : IMessageRouter
{
    /// <summary>A message bounced between activations this often means something is wrong; stop it there.</summary>
    private const int MAX_FORWARDS = 8;

    public void Send(Message message)
    {
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

    public void Forward(Message message)
    {
        if (++message.ForwardCount > MAX_FORWARDS)
        {
            message.Respond(Response.FromException(new InvalidOperationException(
                $"{message} was forwarded {message.ForwardCount} times without reaching a live activation.")));
            return;
        }

        Send(message);
    }
}
