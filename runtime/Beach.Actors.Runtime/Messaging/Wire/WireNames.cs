using System.Text.Json;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// The wire contract in one place. A payload is the message id (8 bytes, little-endian) followed by one JSON object.
/// <code>
/// request:  {"m": method id, "g": [grain type, key], "c": [[type, key], ...] newest first, "d": timeout ticks, "a": [arguments]}
/// response: {"r": result, "h": "host:port@generation"} or {"e": {"t": type, "m": message, "s": remote stack trace, "p": {property: value, ...}}}
/// </code>
/// Every field is looked up by name and unknown ones are skipped, so a newer silo may add fields an older one ignores.
/// A missing "c" means no chain, a missing "d" no timeout, a missing "a" default arguments. "h" (a hint for cluster
/// clients) names the silo that ran the call when the one answering passed it on; a missing "h" means the answering
/// silo ran it, or gives no hint.
/// </summary>
internal static class WireNames
{
    public const int MESSAGE_ID_BYTES = sizeof(long);

    public static readonly JsonEncodedText Method = JsonEncodedText.Encode("m");
    public static readonly JsonEncodedText Target = JsonEncodedText.Encode("g");
    public static readonly JsonEncodedText Chain = JsonEncodedText.Encode("c");
    public static readonly JsonEncodedText Timeout = JsonEncodedText.Encode("d");
    public static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("a");
    public static readonly JsonEncodedText Result = JsonEncodedText.Encode("r");
    public static readonly JsonEncodedText Exception = JsonEncodedText.Encode("e");
    public static readonly JsonEncodedText ServedBy = JsonEncodedText.Encode("h");
    public static readonly JsonEncodedText ExceptionType = JsonEncodedText.Encode("t");
    public static readonly JsonEncodedText ExceptionMessage = JsonEncodedText.Encode("m");
    public static readonly JsonEncodedText ExceptionStackTrace = JsonEncodedText.Encode("s");
    public static readonly JsonEncodedText ExceptionProperties = JsonEncodedText.Encode("p");
}
