using System.Net.Http.Headers;
using Beach.Actors.Gateway.RateLimiting;
using Beach.Actors.Gateway.Security;
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
/// <see cref="Client"/> sends an admin token of tenant <see cref="TENANT"/> (signed with the host's development key,
/// valid for a year of the host's clock); <see cref="ClientFor"/> sends any other token. Rate limits are off unless
/// <c>configureServices</c> turns them on.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string TENANT = GatewayOptions.DEFAULT_DEVELOPMENT_TENANT;

    private static readonly TimeSpan s_defaultTokenLifetime = TimeSpan.FromDays(365);

    private readonly ManualTimeProvider? _clock;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly List<HttpClient> _extraClients = [];
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

    /// <summary>The address the host listens on.</summary>
    public Uri Address => _http.BaseAddress!;

    /// <summary>The HS256 development key the host created in its data folder.</summary>
    public byte[] DevelopmentKey => DevelopmentSigningKey.Read(DevelopmentSigningKey.PathIn(DataDirectory));

    /// <summary>A token signed with the host's development key; by default an admin of <see cref="TENANT"/>, valid for a year of the host's clock.</summary>
    public string MintToken(string tenant = TENANT, string subject = "test-admin", string[]? scopes = null, TimeSpan? lifetime = null)
        => TokenIssuer.MintDevelopment(DevelopmentKey, new TokenRequest(subject, tenant, scopes ?? [Scopes.Admin], lifetime ?? s_defaultTokenLifetime), (TimeProvider?)_clock ?? TimeProvider.System);

    /// <summary>A client that sends <paramref name="token"/> (or no Authorization header when null); disposed with the host.</summary>
    public ControlPlaneClient ClientFor(string? token)
    {
        var http = NewHttpClient(Address, token);
        _extraClients.Add(http);
        return new ControlPlaneClient(http);
    }

    public string DataDirectory { get; }

    public ControlPlaneClient Client { get; private set; }

    public HttpClient Http => _http;

    /// <summary>The host's services: tests reach the runtime behind the gateway (its streams) through them.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host on a fresh data folder; with <paramref name="clock"/>, the host's time is that clock.</summary>
    /// <remarks><paramref name="configureServices"/> runs after the host's own, so it may set options (rate limits, keys).</remarks>
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

    private static async Task<(WebApplication App, HttpClient Http)> StartAppAsync(string dataDirectory, ManualTimeProvider? clock, Action<IServiceCollection>? configureServices)
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

                services.Configure<RateLimitOptions>(limits => limits.Enabled = false);
                configureServices?.Invoke(services);
            });
        await app.StartAsync();
        var address = new Uri(EmbeddedSilo.Addresses(app).Single());
        var key = DevelopmentSigningKey.Read(DevelopmentSigningKey.PathIn(dataDirectory));
        var token = TokenIssuer.MintDevelopment(key, new TokenRequest("test-admin", TENANT, [Scopes.Admin], s_defaultTokenLifetime), (TimeProvider?)clock ?? TimeProvider.System);
        return (app, NewHttpClient(address, token));
    }

    private static HttpClient NewHttpClient(Uri address, string? token)
    {
        // A loaded machine may take a while to refuse an oversized body; the client must not send it meanwhile.
        var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    private async Task StopAppAsync()
    {
        _http.Dispose();
        foreach (var client in _extraClients)
        {
            client.Dispose();
        }

        _extraClients.Clear();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
