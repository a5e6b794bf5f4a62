using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// How one exception type crosses the wire: its name, the public properties it adds to <see cref="Exception"/>, and
/// its public constructors ranked by how many of their parameters those properties (and the message) fill.
/// </summary>
internal sealed class ExceptionShape
{
    /// <summary>Names that resolve to no type are remembered too, but only this many, since they come off the wire.</summary>
    private const int MAX_CACHED_NAMES = 1024;

    private static readonly ConcurrentDictionary<Type, ExceptionShape> s_byType = new();
    private static readonly ConcurrentDictionary<string, ExceptionShape?> s_byName = new(StringComparer.Ordinal);

    /// <summary>
    /// Exception keeps its message in this field. Restoring it keeps the remote text when a constructor computes
    /// another one from what it is given (a parameter no property carries back).
    /// </summary>
    private static readonly FieldInfo? s_messageField = typeof(Exception).GetField("_message", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly Type _type;
    private readonly ConstructorPlan[] _constructors;

    private ExceptionShape(Type type)
    {
        _type = type;
        WireTypeName = type.FullName + ", " + type.Assembly.GetName().Name;
        Properties = [.. type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(IsCarried)
            .Select(static p => new ExceptionProperty(p))];
        _constructors = [.. type.GetConstructors(BindingFlags.Instance | BindingFlags.Public)
            .Select(c => new ConstructorPlan(c, this))
            .OrderByDescending(static c => c.Filled)
            .ThenBy(static c => c.Unfilled)];
    }

    /// <summary>The type's full name and assembly's simple name: versions may differ between silos.</summary>
    public string WireTypeName { get; }

    public IReadOnlyList<ExceptionProperty> Properties { get; }

    public static ExceptionShape For(Type type) => s_byType.GetOrAdd(type, static t => new ExceptionShape(t));

    /// <summary>The shape of the exception type named on the wire, or null when it is unknown here or no exception.</summary>
    public static ExceptionShape? ForWireName(string wireTypeName)
    {
        if (s_byName.TryGetValue(wireTypeName, out var known))
        {
            return known;
        }

        var type = Type.GetType(wireTypeName, throwOnError: false);
        var shape = type is { IsAbstract: false, ContainsGenericParameters: false } && typeof(Exception).IsAssignableFrom(type) ? For(type) : null;
        if (shape is not null || s_byName.Count < MAX_CACHED_NAMES)
        {
            s_byName.TryAdd(wireTypeName, shape);
        }

        return shape;
    }

    /// <summary>
    /// The message to carry. ArgumentException appends "(Parameter 'x')" to the message it was given, so the suffix
    /// is taken off here and put back by the constructor on the other side.
    /// </summary>
    public static string MessageOf(Exception exception)
    {
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { Length: > 0 } paramName })
        {
            var suffix = " (Parameter '" + paramName + "')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                return message[..^suffix.Length];
            }
        }

        return message;
    }

    public ExceptionProperty? Find(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>The exception rebuilt by the best constructor that accepts the values, or null when none does.</summary>
    public Exception? Create(string message, Dictionary<string, object?> values)
    {
        foreach (var constructor in _constructors)
        {
            if (constructor.TryInvoke(message, values) is not { } exception)
            {
                continue;
            }

            foreach (var property in Properties)
            {
                if (!constructor.Fills(property) && values.TryGetValue(property.Name, out var value))
                {
                    property.TrySet(exception, value);
                }
            }

            if (MessageOf(exception) != message && s_messageField is not null)
            {
                s_messageField.SetValue(exception, message);
            }

            return exception;
        }

        return null;
    }

    private static bool IsCarried(PropertyInfo property)
    {
        if (!property.CanRead || property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true } getter)
        {
            return false;
        }

        var declaring = getter.GetBaseDefinition().DeclaringType;
        if (declaring == typeof(Exception) || declaring == typeof(object))
        {
            return false;
        }

        // What JSON cannot carry faithfully, or should not touch (a token's wait handle is created by reading it).
        var type = property.PropertyType;
        return !(typeof(Exception).IsAssignableFrom(type)
            || typeof(MemberInfo).IsAssignableFrom(type)
            || typeof(Assembly).IsAssignableFrom(type)
            || typeof(Delegate).IsAssignableFrom(type)
            || typeof(WaitHandle).IsAssignableFrom(type)
            || typeof(Stream).IsAssignableFrom(type)
            || type == typeof(CancellationToken)
            || type == typeof(IntPtr)
            || type == typeof(UIntPtr)
            || type.IsPointer);
    }

    /// <summary>One public constructor and where each of its parameters comes from.</summary>
    private sealed class ConstructorPlan
    {
        private readonly ConstructorInfo _constructor;
        private readonly ParameterInfo[] _parameters;
        private readonly ExceptionProperty?[] _sources;
        private readonly bool[] _isMessage;

        public ConstructorPlan(ConstructorInfo constructor, ExceptionShape shape)
        {
            _constructor = constructor;
            _parameters = constructor.GetParameters();
            _sources = new ExceptionProperty?[_parameters.Length];
            _isMessage = new bool[_parameters.Length];
            for (var i = 0; i < _parameters.Length; i++)
            {
                var parameter = _parameters[i];
                if (string.Equals(parameter.Name, "message", StringComparison.OrdinalIgnoreCase) && parameter.ParameterType == typeof(string))
                {
                    _isMessage[i] = true;
                    Filled++;
                }
                else if (parameter.Name is { } name && shape.Find(name) is { } property && parameter.ParameterType.IsAssignableFrom(property.Type))
                {
                    _sources[i] = property;
                    Filled++;
                }
                else
                {
                    Unfilled++;
                }
            }
        }

        public int Filled { get; }

        public int Unfilled { get; }

        public bool Fills(ExceptionProperty property) => Array.IndexOf(_sources, property) >= 0;

        public Exception? TryInvoke(string message, Dictionary<string, object?> values)
        {
            var arguments = new object?[_parameters.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                if (_isMessage[i])
                {
                    arguments[i] = message;
                }
                else if (_sources[i] is { } source && values.TryGetValue(source.Name, out var value))
                {
                    arguments[i] = value;
                }
                else
                {
                    // A missing property or a parameter nothing carries gets its default, as a missing field does.
                    arguments[i] = DefaultOf(_parameters[i]);
                }
            }

            try
            {
                return (Exception)_constructor.Invoke(arguments);
            }
            catch (Exception exception) when (exception is TargetInvocationException or ArgumentException)
            {
                return null;
            }
        }

        private static object? DefaultOf(ParameterInfo parameter)
        {
            if (parameter.HasDefaultValue && parameter.DefaultValue is not DBNull)
            {
                return parameter.DefaultValue;
            }

            return parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;
        }
    }
}

/// <summary>A public property an exception adds, read and written by reflection on the failure path only.</summary>
internal sealed class ExceptionProperty(PropertyInfo property)
{
    public string Name { get; } = property.Name;

    public Type Type { get; } = property.PropertyType;

    /// <summary>The value as JSON, or null when reading or serializing it fails: one bad property loses only itself.</summary>
    public byte[]? TrySerialize(Exception exception, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(property.GetValue(exception), Type, options);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            return null;
        }
    }

    public void TrySet(Exception exception, object? value)
    {
        if (property.SetMethod is { IsPublic: true })
        {
            try
            {
                property.SetValue(exception, value);
            }
            catch (Exception failure) when (failure is TargetInvocationException or ArgumentException)
            {
                // A setter that refuses the value keeps the constructor's.
            }
        }
    }
}
