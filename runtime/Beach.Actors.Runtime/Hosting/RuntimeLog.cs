using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>The runtime's log messages, source-generated.</summary>
internal sealed partial class RuntimeLog(ILogger<RuntimeLog> logger)
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Activating {GrainId} failed")]
    public partial void ActivationFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} failed")]
    public partial void DeactivationFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Unregistering {GrainId} from the grain directory failed; the entry goes when its silo does")]
    public partial void UnregisterFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "A turn of {GrainId} failed in the runtime; the call was answered with the error")]
    public partial void TurnFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "A timer of {GrainId} failed; it keeps ticking")]
    public partial void TimerFailed(GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Idle collection asked {Count} activations to deactivate")]
    public partial void Collecting(int count);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Silo started: {GrainClassCount} grain classes")]
    public partial void SiloStarted(int grainClassCount);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "Silo stopping: deactivating {Count} activations")]
    public partial void SiloStopping(int count);

    [LoggerMessage(EventId = 123, Level = LogLevel.Information, Message = "Silo {Silo} is ShuttingDown: its directory partition is with the silos that own it next, and {Told} of {Others} other silos read the new view when told")]
    public partial void LeaveAnnounced(Actors.Cluster.SiloAddress silo, int told, int others);

    [LoggerMessage(EventId = 124, Level = LogLevel.Information, Message = "Silo {Silo} closed its connections after {ElapsedMilliseconds} ms of draining; {Owed} calls were still owed")]
    public partial void ConnectionsDrained(Actors.Cluster.SiloAddress silo, long elapsedMilliseconds, int owed);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "Silo stopped with {Count} activations still deactivating after the shutdown timeout: {Activations}")]
    public partial void ShutdownTimedOut(int count, string activations);
}
