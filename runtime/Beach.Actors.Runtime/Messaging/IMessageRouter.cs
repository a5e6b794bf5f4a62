namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// Takes a message to the activation of its target. On one silo that is the local catalog; the cluster adds a
/// directory and a transport behind this seam without changing how calls are made.
/// </summary>
internal interface IMessageRouter
{
    /// <summary>Delivers a new message.</summary>
    void Send(Message message);

    /// <summary>Sends on a message whose activation went away before running it.</summary>
    void Forward(Message message);
}
