namespace Beach.Actors.Streams;

/// <summary>
/// Names one stream: a namespace (what kind of events, for example <c>session-events</c>) and a key within it (for
/// example <c>{tenant}/{session}</c>). Two ids are the same stream when both parts are equal, ordinal.
/// </summary>
/// <param name="Namespace">The kind of stream.</param>
/// <param name="Key">The stream within its namespace.</param>
[Immutable]
public readonly record struct StreamId(string Namespace, string Key)
{
    /// <summary><c>namespace/key</c>, for logs and diagnostics.</summary>
    public override string ToString() => $"{Namespace}/{Key}";
}
