using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Client;

/// <summary>
/// Starts a cluster client: reads the gateway list until it names at least one gateway (or fails, saying none was
/// found), then keeps re-reading it. Stops by closing the gateway connections.
/// </summary>
internal sealed partial class ClusterClientLifecycle(
    GatewayList gateways,
    GatewayConnections connections,
    IOptions<ClusterClientOptions> options,
    TimeProvider timeProvider,
    ILogger<ClusterClientLifecycle> logger) : IHostedService
{
    private static readonly TimeSpan StartupPoll = TimeSpan.FromMilliseconds(200);
    private ITimer? _refresh;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = timeProvider.GetUtcNow() + settings.StartupTimeout;
        while (true)
        {
            try
            {
                await gateways.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(exception);
            }

            if (!gateways.Current.IsEmpty)
            {
                break;
            }

            if (timeProvider.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException(
                    $"No gateway found within {settings.StartupTimeout.TotalSeconds:0} s: the membership table lists no active silo that takes clients. Start a silo first.");
            }

            await Task.Delay(StartupPoll, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        LogGateways(gateways.Current.Length, string.Join(", ", gateways.Current), connections.Self);
        _refresh = timeProvider.CreateTimer(static state => _ = ((ClusterClientLifecycle)state!).RefreshAsync(), this, settings.GatewayRefreshPeriod, settings.GatewayRefreshPeriod);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _refresh?.Dispose();
        connections.Dispose();
        return Task.CompletedTask;
    }

    private async Task RefreshAsync()
    {
        try
        {
            await gateways.RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogRefreshFailed(exception);
        }
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Cluster client {Client} found {Count} gateways: {Gateways}")]
    private partial void LogGateways(int count, string gateways, Beach.Actors.Cluster.SiloAddress client);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Reading the gateway list from the membership table failed; the last list stays in use")]
    private partial void LogRefreshFailed(Exception exception);
}
