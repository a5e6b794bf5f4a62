namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// One event as the home keeps it: the item serialized (the home never needs its type), or a marker that
/// <paramref name="Dropped"/> events were lost on their way to the home (a full forward queue, a failed send).
/// </summary>
/// <param name="Utf8">
/// The item in the wire's JSON, as UTF-8; null for a loss marker. It travels as base64, which the reader decodes in
/// one vectorized pass, where JSON text inside a JSON string is escaped, and reading it back validates and unescapes
/// it character by character (3% of the CPU of a lease operation in the cluster bench went there). Never changed once
/// made, so the record is passed by reference.
/// </param>
/// <param name="Dropped">For a marker: how many events were lost, as far as the sender knows.</param>
/// <param name="Json">
/// The item as JSON text, as silos before <paramref name="Utf8"/> sent it; read when it comes, never written. A silo of
/// that version reads an event of this one as a loss marker of none, so mixed versions lose events, not order.
/// </param>
[Immutable]
internal sealed record StreamPayload(byte[]? Utf8, long Dropped = 0, string? Json = null)
{
    public bool IsLoss => Utf8 is null && Json is null;

    /// <summary>A loss marker: <paramref name="dropped"/> events were lost before the next one.</summary>
    public static StreamPayload Loss(long dropped) => new(Utf8: null, dropped);
}
