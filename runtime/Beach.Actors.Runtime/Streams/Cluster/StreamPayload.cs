using System.Text.Json.Serialization;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// One event as the home keeps it: the item serialized (the home never needs its type), or a marker that
/// <paramref name="Dropped"/> events were lost on their way to the home (a full forward queue, a failed send).
/// </summary>
/// <param name="Utf8">
/// The item in the wire's JSON, as UTF-8; null for a loss marker. It travels as base64, which has no escapes to undo,
/// where JSON text inside a JSON string is escaped and reading it back unescapes it (3.1% of the process's CPU samples
/// in the cluster bench's 16-client row went there, 1.3% with base64). Never changed once made, so the record is
/// passed by reference.
/// </param>
/// <param name="Dropped">For a marker: how many events were lost, as far as the sender knows.</param>
/// <param name="Json">
/// The item as JSON text, as silos before <paramref name="Utf8"/> sent it; read when it comes, never written (left
/// off the wire when null, as it always is here). A silo of
/// that version reads an event of this one as a loss marker of none, so mixed versions lose events, not order.
/// </param>
[Immutable]
internal sealed record StreamPayload(
    byte[]? Utf8,
    long Dropped = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Json = null)
{
    public bool IsLoss => Utf8 is null && Json is null;

    /// <summary>A loss marker: <paramref name="dropped"/> events were lost before the next one.</summary>
    public static StreamPayload Loss(long dropped) => new(Utf8: null, dropped);
}
