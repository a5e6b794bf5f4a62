namespace Beach.Actors.Runtime.Storage;

/// <summary>A persistent state the activation reads before the grain's OnActivateAsync.</summary>
internal interface IActivationState
{
    Task ReadAsync(CancellationToken cancellationToken);
}
