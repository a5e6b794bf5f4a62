using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Tests;

/// <summary>A real silo in this process with in-memory storage, the test grains, a probe and optionally a manual clock.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public Probe Probe => Services.GetRequiredService<Probe>();

    public Silo Silo => Services.GetRequiredService<Silo>();

    public static async Task<TestSilo> StartAsync(
        ManualTimeProvider? clock = null, Action<SiloOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                configureServices?.Invoke(services);
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }

                services.AddSingleton<Probe>();
                services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
                services.AddBeachSilo(silo =>
                {
                    silo.AddGrains(typeof(TestSilo).Assembly).UseInMemoryStorage();
                    if (configure is not null)
                    {
                        silo.Configure(configure);
                    }
                });
            })
            .Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        Probe.Release();
        await _host.StopAsync();
        _host.Dispose();
    }
}
