using System.Text.Json;

namespace Beach.Actors.Invocation;

/// <summary>
/// The steps every generated <see cref="RequestReader"/> shares. They make the argument array version tolerant:
/// an argument the reader does not know is skipped, and one that is missing keeps its default.
/// </summary>
public static class RequestArguments
{
    /// <summary>Whether there are arguments to read: true on an array, false on null; anything else is malformed.</summary>
    public static bool Begin(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw new JsonException($"The arguments should be a JSON array, not {reader.TokenType}."),
    };

    /// <summary>Moves to the next argument; false at the end of the array.</summary>
    public static bool Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The arguments end before their array closes.");
        }

        return reader.TokenType != JsonTokenType.EndArray;
    }
}
