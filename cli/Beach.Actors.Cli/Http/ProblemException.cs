using System.Net;
using System.Text.Json;

namespace Beach.Actors.Cli.Http;

/// <summary>The control plane answered with an error: its status and problem document (or the raw body if it sent none).</summary>
internal sealed class ProblemException(HttpStatusCode status, JsonElement? problem, string body)
    : Exception($"{(int)status} {status}")
{
    public HttpStatusCode Status { get; } = status;

    public JsonElement? Problem { get; } = problem;

    public string Body { get; } = body;
}
