using Beach.Actors.Agents.Discovery;
using Beach.Actors.Gateway;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Sessions;
using Beach.Actors.Sqlite;
using HeartbeatOptions = Beach.Actors.Sessions.SessionOptions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Beach.Actors.Silo;

/// <summary>
/// The embedded all-in-one mode: one silo hosting every grain, the HTTP gateway in the same process, and SQLite
/// in a data folder for grain state and the audit log. Tests and benchmarks start exactly this.
/// </summary>
public static class EmbeddedSilo
{
    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--url"] = "url",
        ["--data"] = "data",
    };

    /// <summary>Builds the host. <paramref name="configureServices"/> runs last, so tests may replace services (the clock).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // The content root defaults to the working directory, which holds ./data, and configuration reload watches it
        // recursively: every WAL write would wake a file watcher. Root the content at the app and watch nothing.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [.. args, "--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, s_switches);
        var options = EmbeddedSiloOptions.From(builder.Configuration);

        builder.WebHost.UseUrls(options.Url);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Hosting diagnostics log only below Warning, yet open a log scope for every request while enabled at all.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.AddSingleton(options);
        builder.Services.AddBeachSqlite(sqlite => sqlite.DataDirectory = options.DataDirectory);
        builder.Services.AddBeachSilo(silo => silo.AddGrains(typeof(HeartbeatOptions).Assembly).AddGrains(typeof(ISessionGrain).Assembly));
        builder.Services.AddOptions<HeartbeatOptions>();
        builder.Services.AddBeachAgents(builder.Configuration);
        builder.Services.AddBeachGateway();
        SiloSecurity.UseDevelopmentKey(builder.Services, options.DataDirectory);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseBeachGateway();
        app.MapBeachGateway();
        return app;
    }

    /// <summary>The addresses Kestrel actually bound (a port of 0 becomes a real port).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
