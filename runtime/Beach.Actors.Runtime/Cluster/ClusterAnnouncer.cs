using Beach.Actors.Cluster;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// Tells the other active silos that this silo's membership changed (it joined, or it is leaving), so that they read
/// the table now rather than at their next refresh. Orleans gossips every change; this is the part of that a graceful
/// join or leave needs: a leaving silo keeps answering until the others have stopped routing to it, and a newcomer
/// gets its directory entries handed over as soon as it is active. Best effort: a silo that does not answer within
/// <c>timeout</c> learns at its next refresh.
/// </summary>
internal sealed partial class ClusterAnnouncer(ClusterViewSource views, SiloControlClient silos, TimeSpan timeout, ILogger<ClusterAnnouncer> logger)
{
    /// <summary>Asks every other silo active in this silo's view to read the membership table, and waits for them.</summary>
    /// <returns>How many were asked, and how many answered in time.</returns>
    public async Task<(int Asked, int Answered)> AnnounceAsync()
    {
        var view = views.Current;
        var answers = await Task.WhenAll(view.Active.Where(silo => silo != view.Self).Select(TellAsync)).ConfigureAwait(false);
        return (answers.Length, answers.Count(answered => answered));
    }

    private async Task<bool> TellAsync(SiloAddress silo)
    {
        try
        {
            await silos.RefreshViewAsync(silo).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            LogAnnounceFailed(silo, exception);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} did not read the membership table when asked; it learns of the change at its next refresh.")]
    private partial void LogAnnounceFailed(SiloAddress silo, Exception exception);
}
