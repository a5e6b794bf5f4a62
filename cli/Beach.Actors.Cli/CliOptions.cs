using System.CommandLine;

namespace Beach.Actors.Cli;

/// <summary>The options every command takes: where the control plane is, the token to send, how to print.</summary>
internal static class CliOptions
{
    /// <summary>The embedded node's default address (EmbeddedSiloOptions.DEFAULT_URL).</summary>
    public const string DEFAULT_URL = "http://127.0.0.1:5080";

    public static readonly Option<string> Url = new("--url")
    {
        Description = $"The control plane's address (env BEACH_URL; default {DEFAULT_URL}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BEACH_URL") is { Length: > 0 } url ? url : DEFAULT_URL,
        Recursive = true,
    };

    /// <summary>No default value factory: help would print the token from the environment.</summary>
    public static readonly Option<string?> Token = new("--token")
    {
        Description = "The bearer token to send (env BEACH_TOKEN). The embedded node prints one at start; 'beach token mint' makes more.",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "How to print answers: table (readable) or json (for scripts).",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static readonly Option<string?> IdempotencyKey = new("--idempotency-key")
    {
        Description = "Sent as Idempotency-Key: a retry with the same key and arguments has one effect and the same answer.",
    };
}

/// <summary>How answers are printed.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
