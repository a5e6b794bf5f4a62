using Beach.Actors.Silo;
using Beach.Actors.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Bench.Hosting;

/// <summary>
/// The embedded all-in-one host (silo, gateway, SQLite) on 127.0.0.1 with an ephemeral port and a temporary data
/// folder that is deleted when it stops. Adds <see cref="FLOOR_PATH"/>: an empty POST that measures what Kestrel,
/// routing and the client cost without any grain.
/// </summary>
internal sealed class EmbeddedServer : IAsyncDisposable
{
    public const string FLOOR_PATH = "/bench/floor";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private EmbeddedServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public Runtime.Hosting.Silo Silo => Services.GetRequiredService<Runtime.Hosting.Silo>();

    public SqliteDatabase Database => Services.GetRequiredService<SqliteDatabase>();

    public static async Task<EmbeddedServer> StartAsync()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("beach-bench-").FullName;
        var app = EmbeddedSilo.Build(
            ["--url", "http://127.0.0.1:0", "--data", dataDirectory],
            services =>
            {
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
                BenchSecurity.Configure(services);
            });
        app.MapPost(FLOOR_PATH, static () => Results.NoContent()).AllowAnonymous();
        await app.StartAsync();
        var address = EmbeddedSilo.Addresses(app).Single();
        return new EmbeddedServer(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing is left for the temp cleaner; the run's numbers are already out.
        }
    }
}
