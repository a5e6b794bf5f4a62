namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// The context of the request being served, flowing across awaits: which grain serves it and the chain of grains
/// that led to it. Outgoing calls made in that context carry it.
/// </summary>
internal static class CallContext
{
    private static readonly AsyncLocal<CallChain?> s_chain = new();

    /// <summary>The chain of the request this code runs for, or null outside any grain turn.</summary>
    public static CallChain? Current
    {
        get => s_chain.Value;
        set => s_chain.Value = value;
    }
}
