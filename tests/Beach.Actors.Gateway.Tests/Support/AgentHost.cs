using System.Net.Http.Headers;
using Beach.Actors.Gateway.RateLimiting;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Silo;
using Beach.Actors.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// The embedded silo for the agent tests, started like <see cref="GatewayHost"/> but with extra configuration
/// switches (a discovery folder, the environment layer, the token policy), and with its services in reach so a test
/// can read the audit log the routes wrote.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly ManualTimeProvider? _clock;
    private readonly (string Key, string Value)[] _settings;
    private WebApplication _app;

    private AgentHost(string dataDirectory, ManualTimeProvider? clock, (string Key, string Value)[] settings, WebApplication app, HttpClient http)
    {
        DataDirectory = dataDirectory;
        _clock = clock;
        _settings = settings;
        _app = app;
        Api = new AgentApi(http);
    }

    public string DataDirectory { get; }

    public AgentApi Api { get; private set; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host on a fresh data folder with <paramref name="settings"/> as <c>--key value</c> switches.</summary>
    public static async Task<AgentHost> StartAsync(ManualTimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("beach-agent-tests-").FullName;
        try
        {
            var (app, http) = await StartAppAsync(dataDirectory, clock, settings);
            return new AgentHost(dataDirectory, clock, settings, app, http);
        }
        catch
        {
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the host gracefully and starts a new one on the same data folder, clock and settings.</summary>
    public async Task RestartAsync()
    {
        await StopAppAsync();
        (_app, var http) = await StartAppAsync(DataDirectory, _clock, _settings);
        Api = new AgentApi(http);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task<(WebApplication App, HttpClient Http)> StartAppAsync(string dataDirectory, ManualTimeProvider? clock, (string Key, string Value)[] settings)
    {
        string[] args = ["--url", "http://127.0.0.1:0", "--data", dataDirectory, .. settings.SelectMany(s => new[] { $"--{s.Key}", s.Value })];
        var app = EmbeddedSilo.Build(args, services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(clock);
            }

            services.Configure<RateLimitOptions>(limits => limits.Enabled = false);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        // An admin of the development tenant, as GatewayHost's client is, valid for a year of the host's clock.
        var key = DevelopmentSigningKey.Read(DevelopmentSigningKey.PathIn(dataDirectory));
        var token = TokenIssuer.MintDevelopment(key, new TokenRequest("test-admin", GatewayHost.TENANT, [Scopes.Admin], TimeSpan.FromDays(365)), (TimeProvider?)clock ?? TimeProvider.System);
        var http = new HttpClient { BaseAddress = new Uri(EmbeddedSilo.Addresses(app).Single()), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (app, http);
    }

    private async Task StopAppAsync()
    {
        Api.Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
