using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Cli.Http;

/// <summary>The API's JSON: snake_case, nulls left out.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };
}
