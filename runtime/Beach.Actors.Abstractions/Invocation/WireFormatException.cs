namespace Beach.Actors.Invocation;

/// <summary>
/// A message between silos could not be encoded or decoded: it is truncated or malformed, or names a method this
/// process does not know. The message says which and what; the caller gets it as the call's outcome.
/// </summary>
public sealed class WireFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WireFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a failure of the JSON layer or of an argument's own type.</summary>
    public WireFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
