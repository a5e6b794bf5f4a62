namespace Beach.Actors;

/// <summary>
/// A call would wait on itself: a non-reentrant grain that is busy with a request was called back from that
/// request's own call chain (A → B → A). The call fails at once instead of hanging.
/// </summary>
public sealed class DeadlockException : Exception
{
    /// <summary>Creates the exception for a cycle of grains.</summary>
    public DeadlockException(IReadOnlyList<GrainId> cycle)
        : base($"Deadlock: the call cycle {string.Join(" → ", cycle)} would wait on itself. " +
               "Mark the grain [Reentrant] or the method [AlwaysInterleave], or break the cycle.")
    {
        Cycle = cycle;
    }

    /// <summary>The grains of the cycle, from the first caller to the grain that was called again.</summary>
    public IReadOnlyList<GrainId> Cycle { get; }
}
