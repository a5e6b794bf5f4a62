using Beach.Actors.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Cli.Tests;

/// <summary>The embedded node on a loopback port and a temporary data folder (deleted on dispose), for the CLI to talk to.</summary>
internal sealed class EmbeddedNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedNode(WebApplication app, string dataDirectory, string url)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Url = url;
    }

    public string DataDirectory { get; }

    public string Url { get; }

    public static async Task<EmbeddedNode> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("beach-cli-tests-").FullName;
        var app = EmbeddedSilo.Build(
            ["--url", "http://127.0.0.1:0", "--data", data],
            services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)));
        await app.StartAsync();
        return new EmbeddedNode(app, data, EmbeddedSilo.Addresses(app).Single());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
