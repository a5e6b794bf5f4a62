namespace Beach.Actors;

/// <summary>
/// The silo that hosts the grain could not be reached, and the call was never sent: nothing happened, so the caller may
/// retry (the cluster places the grain elsewhere once membership declares that silo dead). A call that was sent and
/// then lost its connection fails with <see cref="GrainCallTimeoutException"/> instead: its outcome is unknown.
/// </summary>
public sealed class SiloUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
