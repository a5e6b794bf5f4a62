using Beach.Actors.Cluster;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Membership;

/// <summary>Membership's log messages, source-generated: every change of a silo's status is logged at Information.</summary>
internal sealed partial class MembershipLog(ILogger logger)
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Silo {Silo} joined the membership table as Joining")]
    public partial void Joined(SiloAddress silo);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Silo {Silo} is Active")]
    public partial void BecameActive(SiloAddress silo);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Silo {Voter} suspects {Suspect} after {Missed} missed probes ({Votes}/{Needed} votes)")]
    public partial void Suspected(SiloAddress voter, SiloAddress suspect, int missed, int votes, int needed);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Silo {Voter} declared {Suspect} dead ({Votes}/{Needed} votes)")]
    public partial void DeclaredDead(SiloAddress voter, SiloAddress suspect, int votes, int needed);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Silo {Declarer} declared {Silo} dead: its last I-am-alive is {Age} old")]
    public partial void DeclaredSilentDead(SiloAddress declarer, SiloAddress silo, TimeSpan age);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "Silo {Silo} declared {Predecessor}, an older incarnation on its endpoint, dead")]
    public partial void DeclaredPredecessorDead(SiloAddress silo, SiloAddress predecessor);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Silo {Silo} read itself dead and stops: {Reason}")]
    public partial void ReadSelfDead(SiloAddress silo, string reason);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Silo {Silo} is ShuttingDown")]
    public partial void ShuttingDown(SiloAddress silo);

    [LoggerMessage(EventId = 308, Level = LogLevel.Information, Message = "Silo {Silo} left the cluster")]
    public partial void Left(SiloAddress silo);

    [LoggerMessage(EventId = 309, Level = LogLevel.Information, Message = "Silo {Silo} sees membership version {Version}: {Count} active silos")]
    public partial void ViewChanged(SiloAddress silo, long version, int count);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Membership {Loop} of silo {Silo} failed; it runs again next period")]
    public partial void LoopFailed(string loop, SiloAddress silo, Exception exception);

    [LoggerMessage(EventId = 311, Level = LogLevel.Debug, Message = "Silo {Silo} missed its probe of {Target} ({Missed} in a row)")]
    public partial void ProbeMissed(SiloAddress silo, SiloAddress target, int missed, Exception exception);

    [LoggerMessage(EventId = 312, Level = LogLevel.Error, Message = "The declared-dead callback of silo {Silo} failed")]
    public partial void DeclaredDeadCallbackFailed(SiloAddress silo, Exception exception);
}
