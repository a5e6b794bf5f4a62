using System.Reflection;
using Beach.Actors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Bench.Hosting;

/// <summary>A silo on a Generic Host in this process, with in-memory storage and no network.</summary>
internal sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host)
    {
        _host = host;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public Runtime.Hosting.Silo Silo => _host.Services.GetRequiredService<Runtime.Hosting.Silo>();

    public static async Task<InProcessSilo> StartAsync(Assembly grains)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddBeachSilo(silo => silo.AddGrains(grains).UseInMemoryStorage()))
            .Build();
        await host.StartAsync();
        return new InProcessSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
