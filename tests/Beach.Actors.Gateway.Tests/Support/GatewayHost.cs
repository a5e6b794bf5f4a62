using Beach.Actors.Silo;
using Beach.Actors.Testing;
using Beach.Actors.Testing.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// The embedded silo (silo + gateway + SQLite) started in this process on a loopback port, with a client that talks
/// to it over real HTTP. Owns a temporary data folder, kept across <see cref="RestartAsync"/> and deleted on dispose.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly ManualTimeProvider? _clock;
    private readonly Action<IServiceCollection>? _configureServices;
    private WebApplication _app;
    private HttpClient _http;

    private GatewayHost(string dataDirectory, ManualTimeProvider? clock, Action<IServiceCollection>? configureServices, WebApplication app, HttpClient http)
    {
        DataDirectory = dataDirectory;
        _clock = clock;
        _configureServices = configureServices;
        _app = app;
        _http = http;
        Client = new ControlPlaneClient(http);
    }

    public string DataDirectory { get; }

    public ControlPlaneClient Client { get; private set; }

    public HttpClient Http => _http;

    /// <summary>The host's services: tests reach the runtime behind the gateway (its streams) through them.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a host on a fresh data folder; with <paramref name="clock"/>, the host's time is that clock, and
    /// <paramref name="configureServices"/> may change its services (options) last.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(ManualTimeProvider? clock = null, Action<IServiceCollection>? configureServices = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("beach-gateway-tests-").FullName;
        try
        {
            var (app, http) = await StartAppAsync(dataDirectory, clock, configureServices);
            return new GatewayHost(dataDirectory, clock, configureServices, app, http);
        }
        catch
        {
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the host gracefully and starts a new one on the same data folder (and clock).</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        (_app, _http) = await StartAppAsync(DataDirectory, _clock, _configureServices);
        Client = new ControlPlaneClient(_http);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task<(WebApplication App, HttpClient Http)> StartAppAsync(
        string dataDirectory, ManualTimeProvider? clock, Action<IServiceCollection>? configureServices)
    {
        var app = EmbeddedSilo.Build(
            ["--url", "http://127.0.0.1:0", "--data", dataDirectory],
            services =>
            {
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }

                configureServices?.Invoke(services);
            });
        await app.StartAsync();
        var address = EmbeddedSilo.Addresses(app).Single();
        // A loaded machine may take a while to refuse an oversized body; the client must not send it meanwhile.
        var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromMinutes(2),
        };
        return (app, http);
    }

    private async Task StopAppAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
