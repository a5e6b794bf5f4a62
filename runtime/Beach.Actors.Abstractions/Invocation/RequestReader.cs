using System.Text.Json;

namespace Beach.Actors.Invocation;

/// <summary>
/// Rebuilds a generated request from the arguments its <see cref="IWireInvokable.WriteArguments"/> wrote. The reader is
/// on the arguments' first token (a JSON array, or null for "all defaults") and is left on their last.
/// </summary>
public delegate IInvokable RequestReader(ref Utf8JsonReader reader, JsonSerializerOptions options);
