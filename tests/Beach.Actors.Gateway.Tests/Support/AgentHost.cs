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
    private readonly WebApplication _app;

    private AgentHost(string dataDirectory, WebApplication app, HttpClient http)
    {
        DataDirectory = dataDirectory;
        _app = app;
        Api = new AgentApi(http);
    }

    public string DataDirectory { get; }

    public AgentApi Api { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host on a fresh data folder with <paramref name="settings"/> as <c>--key value</c> switches.</summary>
    public static async Task<AgentHost> StartAsync(ManualTimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("beach-agent-tests-").FullName;
        string[] args = ["--url", "http://127.0.0.1:0", "--data", dataDirectory, .. settings.SelectMany(s => new[] { $"--{s.Key}", s.Value })];
        var app = EmbeddedSilo.Build(args, services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(clock);
            }
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }

        var http = new HttpClient { BaseAddress = new Uri(EmbeddedSilo.Addresses(app).Single()), Timeout = TimeSpan.FromMinutes(2) };
        return new AgentHost(dataDirectory, app, http);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
