using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Beach.Actors.Invocation;

namespace Beach.Actors.Copying;

/// <summary>Decides, once per type, whether values of the type can be shared between caller and grain without copying.</summary>
internal static class ImmutableTypes
{
    private static readonly ConcurrentDictionary<Type, bool> s_known = new();

    private static readonly HashSet<Type> s_immutableLeafTypes =
    [
        typeof(string), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(DateOnly), typeof(TimeOnly), typeof(Uri), typeof(Version), typeof(CancellationToken), typeof(JsonElement),
        typeof(GrainId), typeof(Half), typeof(Int128), typeof(UInt128), typeof(Type),
    ];

    private static readonly HashSet<Type> s_immutableGenericCollections =
    [
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableHashSet<>), typeof(ImmutableSortedSet<>),
        typeof(ImmutableDictionary<,>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>),
        typeof(Nullable<>), typeof(KeyValuePair<,>), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>),
        typeof(ValueTuple<,,,>), typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>),
    ];

    public static bool IsImmutable(Type type) => s_known.GetOrAdd(type, static t => Decide(t, depth: 0));

    private static bool Decide(Type type, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (type.IsPrimitive || type.IsEnum || s_immutableLeafTypes.Contains(type))
        {
            return true;
        }

        if (typeof(GrainReference).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type))
        {
            return true;
        }

        if (type.IsDefined(typeof(ImmutableAttribute), inherit: false))
        {
            return true;
        }

        if (type.IsGenericType && s_immutableGenericCollections.Contains(type.GetGenericTypeDefinition()))
        {
            return type.GetGenericArguments().All(argument => Decide(argument, depth + 1));
        }

        // A readonly struct whose fields are all immutable cannot be changed through a copy of it.
        if (type.IsValueType && type.IsDefined(typeof(IsReadOnlyAttribute), inherit: false))
        {
            return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .All(field => Decide(field.FieldType, depth + 1));
        }

        return false;
    }
}
