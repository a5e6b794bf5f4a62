using System.Text.Json;

namespace Beach.Actors.Harness;

/// <summary>
/// What each kind of action does to the target. <c>terminal_write</c> writes <c>payload.text</c> to the target's
/// stdin as it is; <c>terminal_line</c> writes it and a newline. Any other kind fails with a reason, so a controller
/// learns at once that this harness cannot do it.
/// </summary>
internal sealed class ActionApplier(ChildProcessTarget target)
{
    public const string TERMINAL_WRITE = "terminal_write";
    public const string TERMINAL_LINE = "terminal_line";

    public Task FlushAsync(CancellationToken cancellationToken) => target.FlushAsync(cancellationToken);

    public async Task<HarnessAck> ApplyAsync(HarnessAction action, CancellationToken cancellationToken)
    {
        if (action.Kind is not (TERMINAL_WRITE or TERMINAL_LINE))
        {
            return HarnessAck.Failed(action.Seq, $"this harness applies {TERMINAL_WRITE} and {TERMINAL_LINE}, not '{action.Kind}'.");
        }

        if (action.Payload.ValueKind != JsonValueKind.Object
            || !action.Payload.TryGetProperty("text", out var text)
            || text.ValueKind != JsonValueKind.String)
        {
            return HarnessAck.Failed(action.Seq, "the payload must be an object with a string 'text'.");
        }

        try
        {
            await target.WriteAsync(action.Kind == TERMINAL_LINE ? text.GetString() + "\n" : text.GetString()!, cancellationToken);
            return HarnessAck.Ok(action.Seq);
        }
        catch (IOException broken)
        {
            return HarnessAck.Failed(action.Seq, $"the target's stdin is closed: {broken.Message}");
        }
    }
}
