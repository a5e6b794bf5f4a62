namespace Beach.Actors.Silo;

/// <summary>
/// What a cluster silo or a gateway process is told at start: the PostgreSQL database the cluster shares, and where
/// this process listens. Each switch has an environment variable, read when the switch is absent.
/// </summary>
public sealed class ClusterModeOptions
{
    /// <summary>The silo-to-silo port when none is given: 0, a free port (membership tells the others which).</summary>
    public const int DEFAULT_SILO_PORT = 0;

    /// <summary>Where a silo listens for other silos and clients when none is given: loopback, a cluster on one machine.</summary>
    public const string DEFAULT_SILO_ADDRESS = "127.0.0.1";

    /// <summary>The Npgsql connection string of the cluster's database. <c>--postgres</c> or <c>BEACH_POSTGRES</c>; required.</summary>
    public string Postgres { get; set; } = string.Empty;

    /// <summary>The cluster's id in the shared tables. <c>--cluster-id</c> or <c>BEACH_CLUSTER_ID</c>.</summary>
    public string ClusterId { get; set; } = Beach.Actors.Postgres.PostgresOptions.DEFAULT_CLUSTER_ID;

    /// <summary>This process's name in logs and the membership table. <c>--name</c> or <c>BEACH_NAME</c>.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>The address other silos and clients reach this silo at. <c>--silo-address</c> or <c>BEACH_SILO_ADDRESS</c>.</summary>
    public string SiloAddress { get; set; } = DEFAULT_SILO_ADDRESS;

    /// <summary>See <see cref="DEFAULT_SILO_PORT"/>. <c>--silo-port</c> or <c>BEACH_SILO_PORT</c>.</summary>
    public int SiloPort { get; set; } = DEFAULT_SILO_PORT;

    /// <summary>The gateway's HTTP address. <c>--url</c> or <c>BEACH_URL</c>.</summary>
    public string Url { get; set; } = EmbeddedSiloOptions.DEFAULT_URL;

    /// <summary>Reads the options from command-line switches, then environment variables, then defaults.</summary>
    /// <exception cref="ArgumentException">No PostgreSQL connection string, or a port that is not a number.</exception>
    public static ClusterModeOptions From(IConfiguration configuration)
    {
        string? Read(string key, string variable) => configuration[key] ?? Environment.GetEnvironmentVariable(variable);
        var options = new ClusterModeOptions
        {
            Postgres = Read("postgres", "BEACH_POSTGRES") ?? string.Empty,
            ClusterId = Read("cluster-id", "BEACH_CLUSTER_ID") ?? Beach.Actors.Postgres.PostgresOptions.DEFAULT_CLUSTER_ID,
            Name = Read("name", "BEACH_NAME") ?? Environment.MachineName,
            SiloAddress = Read("silo-address", "BEACH_SILO_ADDRESS") ?? DEFAULT_SILO_ADDRESS,
            Url = Read("url", "BEACH_URL") ?? EmbeddedSiloOptions.DEFAULT_URL,
        };
        var port = Read("silo-port", "BEACH_SILO_PORT");
        if (port is not null)
        {
            options.SiloPort = int.TryParse(port, out var parsed) && parsed is >= 0 and <= 65535
                ? parsed
                : throw new ArgumentException($"--silo-port '{port}' is not a port number (0 to 65535).");
        }

        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new ArgumentException(
                "A cluster needs its PostgreSQL database: pass --postgres \"Host=…;Database=…;Username=…;Password=…\" or set BEACH_POSTGRES.");
        }

        return options;
    }
}
