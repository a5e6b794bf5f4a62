using System.Text.Json;

namespace Beach.Actors.Harness;

/// <summary>An action as the control plane delivers it (the fields the harness uses).</summary>
internal sealed record HarnessAction(long Seq, string? ActionId, string Kind, JsonElement Payload, long FencingToken);

/// <summary>The harness's answer for one action.</summary>
internal sealed record HarnessAck(long Seq, string Status, string? Error)
{
    public static HarnessAck Ok(long seq) => new(seq, "ok", null);

    public static HarnessAck Failed(long seq, string error) => new(seq, "failed", error);

    public static HarnessAck Rejected(long seq, string error) => new(seq, "rejected", error);
}
