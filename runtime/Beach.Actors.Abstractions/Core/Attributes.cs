namespace Beach.Actors;

/// <summary>
/// The grain interleaves requests: while one request awaits, another may start. Turns still never run in parallel.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>This method may interleave with any request, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>This method does not change the grain's state: read-only requests may interleave with each other.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>
/// The type is never mutated after construction, so calls pass it by reference instead of copying it.
/// Only mark types whose every field is itself immutable.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ImmutableAttribute : Attribute;

/// <summary>
/// Names the grain type of a grain class. Without it, the class name less a <c>Grain</c> suffix, in lower case. On a
/// grain interface it names the type of the class that implements it, so that a cluster client, which has the
/// interfaces and no classes, addresses the same grains as the silos; the class must then carry the same name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string Name { get; } = name;
}

/// <summary>Overrides the response timeout for calls to one method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeSpan) : Attribute
{
    /// <summary>The timeout, as <see cref="TimeSpan.Parse(string)"/> reads it.</summary>
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeSpan, System.Globalization.CultureInfo.InvariantCulture);
}
