namespace Beach.Actors.Invocation;

/// <summary>
/// A grain in another process threw an exception this process cannot rebuild (its type is unknown here, or has no
/// constructor the wire codec can fill). It keeps the original type's name, message and remote stack trace.
/// </summary>
public sealed class RemoteGrainException(string remoteTypeName, string message) : Exception(message)
{
    /// <summary>The full name of the exception type the grain threw.</summary>
    public string RemoteTypeName { get; } = remoteTypeName;
}
