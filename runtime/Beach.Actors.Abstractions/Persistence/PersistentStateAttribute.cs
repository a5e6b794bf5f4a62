namespace Beach.Actors.Persistence;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>.</summary>
/// <param name="stateName">The state's name, unique within the grain type.</param>
/// <param name="storageName">The storage provider's name; <c>Default</c> when omitted.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;
    /// <summary>The storage provider's name, or null for <c>Default</c>.</summary>
    public string? StorageName { get; } = storageName;
}
