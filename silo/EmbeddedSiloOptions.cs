namespace Beach.Actors.Silo;

/// <summary>Where the embedded single-node control plane listens and keeps its data.</summary>
public sealed class EmbeddedSiloOptions
{
    /// <summary>Loopback only by default: a development node is not for the network until authentication arrives.</summary>
    public const string DEFAULT_URL = "http://127.0.0.1:5080";

    /// <summary>The SQLite database and everything else durable lives here, relative to the working directory.</summary>
    public const string DEFAULT_DATA_DIRECTORY = "./data";

    /// <summary>See <see cref="DEFAULT_URL"/>. Set with <c>--url</c> or <c>BEACH_URL</c>.</summary>
    public string Url { get; set; } = DEFAULT_URL;

    /// <summary>See <see cref="DEFAULT_DATA_DIRECTORY"/>. Set with <c>--data</c> or <c>BEACH_DATA</c>.</summary>
    public string DataDirectory { get; set; } = DEFAULT_DATA_DIRECTORY;

    /// <summary>Reads the options from command-line switches, then environment variables, then defaults.</summary>
    public static EmbeddedSiloOptions From(IConfiguration configuration) => new()
    {
        Url = configuration["url"] ?? Environment.GetEnvironmentVariable("BEACH_URL") ?? DEFAULT_URL,
        DataDirectory = configuration["data"] ?? Environment.GetEnvironmentVariable("BEACH_DATA") ?? DEFAULT_DATA_DIRECTORY,
    };
}
