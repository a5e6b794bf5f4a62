using Beach.Actors.Gateway;
using Beach.Actors.Postgres;
using Beach.Actors.Runtime.Client;
using Beach.Actors.Sessions;

namespace Beach.Actors.Silo;

/// <summary>
/// The HTTP gateway as a process of its own: the REST routes of <c>gateway/</c> on Kestrel, calling grains through a
/// cluster client that finds the silos in the cluster's PostgreSQL membership table. It hosts no grains.
/// </summary>
public static class GatewayProcess
{
    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--postgres"] = "postgres",
        ["--cluster-id"] = "cluster-id",
        ["--name"] = "name",
        ["--url"] = "url",
        ["--dev-key-file"] = "dev-key-file",
        ["--es256-public-keys"] = "es256-public-keys",
    };

    /// <summary>Builds the gateway. <paramref name="configureServices"/> runs last, so tests may replace services.</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, s_switches);
        var options = ClusterModeOptions.From(builder.Configuration);

        // Npgsql logs every command at Information; the cluster's own log says what matters.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.WebHost.UseUrls(options.Url);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddSingleton(options);

        // Only the membership table is used here: it lists the silos that take clients.
        builder.Services.AddBeachPostgres(postgres =>
        {
            postgres.ConnectionString = options.Postgres;
            postgres.ClusterId = options.ClusterId;
        });
        builder.Services.AddBeachClusterClient([typeof(ISessionGrain).Assembly]);
        builder.Services.AddBeachGateway();
        SiloSecurity.UseConfiguredKeys(builder.Services, builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseBeachGateway();
        app.MapBeachGateway();
        return app;
    }
}
