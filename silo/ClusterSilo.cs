using Beach.Actors.Agents.Discovery;
using Beach.Actors.Postgres;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Sessions;
using HeartbeatOptions = Beach.Actors.Sessions.SessionOptions;

namespace Beach.Actors.Silo;

/// <summary>
/// A silo of a cluster: hosts the grains, keeps state, reminders, membership and the audit log in the cluster's
/// PostgreSQL database, and listens on its silo port for other silos and for cluster clients (the gateway). No HTTP:
/// requests reach it through a gateway process.
/// </summary>
public static class ClusterSilo
{
    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--postgres"] = "postgres",
        ["--cluster-id"] = "cluster-id",
        ["--name"] = "name",
        ["--silo-address"] = "silo-address",
        ["--silo-port"] = "silo-port",
    };

    /// <summary>Builds the host. <paramref name="configureServices"/> runs last, so tests may replace services.</summary>
    public static IHost Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, s_switches);
        var options = ClusterModeOptions.From(builder.Configuration);

        // Npgsql logs every command at Information; the cluster's own log says what matters.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddBeachPostgres(postgres =>
        {
            postgres.ConnectionString = options.Postgres;
            postgres.ClusterId = options.ClusterId;
        });
        builder.Services.AddBeachSilo(silo => silo.AddGrains(typeof(HeartbeatOptions).Assembly).AddGrains(typeof(ISessionGrain).Assembly));
        builder.Services.AddOptions<HeartbeatOptions>();
        builder.Services.AddBeachAgents(builder.Configuration);
        builder.Services.AddOptions<Leases.LeaseOptions>();
        builder.Services.Configure<Runtime.Transport.SiloTransportOptions>(transport =>
        {
            transport.ListenAddress = options.SiloAddress;
            transport.SiloPort = options.SiloPort;
        });
        builder.Services.AddBeachCluster(cluster => cluster.SiloName = options.Name);
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>This silo's address (host, port and generation) once built.</summary>
    public static string AddressOf(IHost host) => host.Services.GetRequiredService<Cluster.ILocalSilo>().Address.ToString();
}
