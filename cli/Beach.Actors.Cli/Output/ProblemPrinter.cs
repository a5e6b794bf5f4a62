using System.Text.Json;
using Beach.Actors.Cli.Http;

namespace Beach.Actors.Cli.Output;

/// <summary>Prints the server's problem document: status and title, the detail that says what to fix, each field error.</summary>
internal static class ProblemPrinter
{
    public static void Write(TextWriter error, ProblemException problem)
    {
        var status = (int)problem.Status;
        if (problem.Problem is not { ValueKind: JsonValueKind.Object } document)
        {
            error.WriteLine($"error: {status} {problem.Status}{(problem.Body.Length > 0 ? $": {problem.Body.Trim()}" : string.Empty)}");
            return;
        }

        error.WriteLine($"error: {status} {Text(document, "title") ?? problem.Status.ToString()}");
        if (Text(document, "detail") is { } detail)
        {
            error.WriteLine($"  {detail}");
        }

        if (document.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                var messages = field.Value.ValueKind == JsonValueKind.Array
                    ? string.Join(" ", field.Value.EnumerateArray().Select(m => m.ToString()))
                    : field.Value.ToString();
                error.WriteLine($"  {field.Name}: {messages}");
            }
        }

        if (Text(document, "type") is { } type)
        {
            error.WriteLine($"  ({type})");
        }
    }

    private static string? Text(JsonElement document, string name)
        => document.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
