using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Agents.Discovery;

/// <summary>
/// Runs the discovery scanner: once when the silo starts (before start-up completes, so the first report is there
/// when the silo answers), again whenever the file watcher sees a change, and every
/// <see cref="AgentDiscoveryOptions.RescanInterval"/>. Change signals go into a channel of one that drops what it
/// cannot hold: a burst of file events makes one rescan, not one per event.
/// </summary>
internal sealed partial class AgentDiscoveryService(
    AgentDiscoveryScanner scanner,
    TimeProvider timeProvider,
    IOptions<AgentDiscoveryOptions> options,
    ILogger<AgentDiscoveryService> logger) : IHostedService, IDisposable
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Folder is not { } folder)
        {
            return;
        }

        await ScanAsync(cancellationToken);
        if (Directory.Exists(folder))
        {
            _watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Created += (_, _) => _changes.Writer.TryWrite(true);
            _watcher.Changed += (_, _) => _changes.Writer.TryWrite(true);
            _watcher.Deleted += (_, _) => _changes.Writer.TryWrite(true);
            _watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
            _watcher.EnableRaisingEvents = true;
        }

        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var periodic = Task.Delay(options.Value.RescanInterval, timeProvider, tick.Token);
            var changed = _changes.Reader.WaitToReadAsync(tick.Token).AsTask();
            try
            {
                await Task.WhenAny(periodic, changed);
                await tick.CancelAsync();
                _changes.Reader.TryRead(out _);
                if (!stopping.IsCancellationRequested)
                {
                    await ScanAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        try
        {
            await scanner.ScanAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            ScanFailed(logger, options.Value.Folder!, error);
        }
    }

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "Agent discovery of {Folder} failed; the next change or rescan tries again")]
    private static partial void ScanFailed(ILogger logger, string folder, Exception error);
}
