using System.Net;
using System.Text.Json;

namespace Beach.Actors.Testing.Http;

/// <summary>
/// One answer of the control plane: its status and content type, the body read as <typeparamref name="T"/> when the
/// call succeeded, and the problem document when it did not.
/// </summary>
public sealed record ApiResponse<T>(HttpStatusCode Status, string? ContentType, T? Value, JsonElement? Problem)
    where T : class
{
    /// <summary>The success body; fails with the status and problem when there is none.</summary>
    public T Body => Value ?? throw new InvalidOperationException($"Expected a success body but got {(int)Status} {ContentType}: {Problem}");

    /// <summary>The problem document; fails when the answer was not <c>application/problem+json</c>.</summary>
    public JsonElement ProblemBody => Problem ?? throw new InvalidOperationException($"Expected a problem document but got {(int)Status} {ContentType}.");
}

/// <summary>The body of an answer that has none (204).</summary>
public sealed class NoBody
{
    private NoBody()
    {
    }
}
