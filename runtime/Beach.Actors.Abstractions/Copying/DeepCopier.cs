using System.Text.Json;

namespace Beach.Actors.Copying;

/// <summary>
/// Isolates arguments and results between caller and grain: immutable values (see <see cref="ImmutableAttribute"/>)
/// pass by reference, mutable ones are copied so that a caller changing an object after the call cannot change the
/// grain's copy, nor the other way round.
/// </summary>
public static class DeepCopier
{
    private static readonly JsonSerializerOptions s_copyOptions = new()
    {
        IncludeFields = true,
        PropertyNamingPolicy = null,
    };

    /// <summary>
    /// Whether values of <paramref name="type"/> pass between caller and grain by reference. Any other type is copied
    /// on every call by a JSON round trip, which costs more than the call itself: grain contracts should avoid it.
    /// </summary>
    public static bool SharesByReference(Type type) => ImmutableTypes.IsImmutable(type);

    /// <summary>Returns <paramref name="value"/> itself when it is immutable, otherwise a deep copy.</summary>
    public static T Copy<T>(T value)
    {
        if (StaticPolicy<T>.IsImmutable || value is null)
        {
            return value;
        }

        var runtimeType = value.GetType();
        if (runtimeType != typeof(T) && ImmutableTypes.IsImmutable(runtimeType))
        {
            return value;
        }

        return (T)CopyMutable(value, runtimeType);
    }

    private static object CopyMutable(object value, Type runtimeType)
    {
        switch (value)
        {
            case byte[] bytes:
                return bytes.Clone();
            case Array array when ImmutableTypes.IsImmutable(runtimeType.GetElementType()!):
                return array.Clone();
        }

        // A hand-written copier for arbitrary mutable graphs is a later step; until then a JSON round trip gives an
        // independent copy. Grain contracts should prefer [Immutable] records, which never take this path. A type JSON
        // cannot carry faithfully (a private setter, a cycle) fails here, loudly, rather than arrive changed.
        var json = JsonSerializer.SerializeToUtf8Bytes(value, runtimeType, s_copyOptions);
        var copy = JsonSerializer.Deserialize(json, runtimeType, s_copyOptions)
            ?? throw new InvalidOperationException($"Copying a {runtimeType} produced null.");
        if (!json.AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(copy, runtimeType, s_copyOptions)))
        {
            throw new InvalidOperationException(
                $"A {runtimeType} cannot be copied faithfully (a member JSON cannot set, such as a private setter). Mark it [Immutable] if it never changes, or give every member a public setter.");
        }

        return copy;
    }

    private static class StaticPolicy<T>
    {
        public static readonly bool IsImmutable = ImmutableTypes.IsImmutable(typeof(T));
    }
}
