using Beach.Actors.Runtime.Reminders;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// Keeps the silo's reminders on the ring ranges it owns: every new cluster view hands the reminder service this
/// silo's ranges, so a reminder ticks on exactly one silo and moves when its owner leaves or dies.
/// </summary>
internal sealed partial class ClusterReminderRanges
{
    private readonly ReminderService _reminders;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _updating = new(1, 1);

    public ClusterReminderRanges(ClusterViewSource views, ReminderService reminders, ILogger<ClusterReminderRanges> logger)
    {
        _reminders = reminders;
        _logger = logger;
        reminders.UseRanges([]);
        views.Changed += (_, _) => _ = UpdateAsync(views);
        _ = UpdateAsync(views);
    }

    private async Task UpdateAsync(ClusterViewSource views)
    {
        await _updating.WaitAsync().ConfigureAwait(false);
        try
        {
            // Always the newest view: updates that queued behind this one have nothing older to apply.
            var view = views.Current;
            var ranges = view.IsActive(view.Self) ? view.Ring.RangesOf(view.Self) : [];
            await _reminders.UpdateRangesAsync(ranges, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The silo stopped while the update ran (a view change is not awaited by the stop): nothing is left to move.
        }
        catch (Exception exception)
        {
            LogUpdateFailed(exception);
        }
        finally
        {
            _updating.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving reminders to the new ring ranges failed; the next refresh tries again.")]
    private partial void LogUpdateFailed(Exception exception);
}
