namespace Beach.Actors;

/// <summary>
/// No response arrived within the call's timeout. The outcome is unknown: the grain may or may not have run the call.
/// </summary>
public sealed class GrainCallTimeoutException(string message) : TimeoutException(message);
