namespace Beach.Actors.Cli;

/// <summary>A mistake the user can fix (a bad duration, a missing file), printed as one line without a stack trace.</summary>
internal sealed class CliException(string message) : Exception(message);
