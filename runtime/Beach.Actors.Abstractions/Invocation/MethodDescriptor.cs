namespace Beach.Actors.Invocation;

/// <summary>What the runtime knows of one grain interface method: its names, wire id, scheduling options and timeout.</summary>
public sealed class MethodDescriptor(
    string interfaceName, string methodName, InvokeMethodOptions options, TimeSpan? responseTimeout = null, string? id = null)
{
    /// <summary>The interface's full name.</summary>
    public string InterfaceName { get; } = interfaceName;

    /// <summary>The method's name.</summary>
    public string MethodName { get; } = methodName;

    /// <summary>
    /// The method's identity on the wire, the same in every process and every build of the same interface:
    /// <c>{interface full name}.{method name}({parameter type names})</c>. Generated methods always carry one;
    /// runtime-internal calls that never leave the process default to <c>{interface}.{method}</c>.
    /// </summary>
    public string Id { get; } = id ?? interfaceName + "." + methodName;

    /// <summary>Scheduling options from the method's attributes.</summary>
    public InvokeMethodOptions Options { get; } = options;

    /// <summary>A per-method response timeout, or null for the runtime's default.</summary>
    public TimeSpan? ResponseTimeout { get; } = responseTimeout;

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
