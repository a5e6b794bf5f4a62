using Beach.Actors.Cluster;
using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// A silo was asked to reload a reminder of a grain whose ring range it does not own (yet, or any more): the asking
/// silo's view of the ring differs from its own. The asking silo keeps the reminder and asks again after its own
/// view changes.
/// </summary>
internal sealed class ReminderNotOwnedException(string message) : Exception(message)
{
    internal ReminderNotOwnedException(GrainId grain)
        : this($"This silo does not own the ring range of {grain}.")
    {
    }

    /// <summary>Whether <paramref name="exception"/> is this refusal, here or after crossing the wire.</summary>
    internal static bool Is(Exception exception)
        => exception is ReminderNotOwnedException
           || (exception is RemoteGrainException remote && remote.RemoteTypeName.StartsWith(typeof(ReminderNotOwnedException).FullName!, StringComparison.Ordinal));
}
