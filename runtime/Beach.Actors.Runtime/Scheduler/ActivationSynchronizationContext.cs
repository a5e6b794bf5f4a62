using Beach.Actors.Runtime.Catalog;

namespace Beach.Actors.Runtime.Scheduler;

/// <summary>
/// Brings every continuation of a grain's code back to its activation, so that turns never run in parallel:
/// an await inside a grain method resumes as work of the same activation, after whatever runs now.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public ActivationData Activation { get; } = activation;

    public override void Post(SendOrPostCallback d, object? state) => Activation.EnqueueContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state)
        => throw new NotSupportedException("A grain turn cannot wait synchronously for work on its own activation.");

    public override SynchronizationContext CreateCopy() => this;
}
