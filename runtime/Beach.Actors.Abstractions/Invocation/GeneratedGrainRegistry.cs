namespace Beach.Actors.Invocation;

/// <summary>Points at the class the source generator wrote for an assembly's grain interfaces and grain classes.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class GeneratedGrainRegistryAttribute(Type registryType) : Attribute
{
    /// <summary>A type implementing <see cref="IGeneratedGrainRegistry"/> with a public parameterless constructor.</summary>
    public Type RegistryType { get; } = registryType;
}

/// <summary>Implemented by generated code: registers an assembly's references and grain classes.</summary>
public interface IGeneratedGrainRegistry
{
    /// <summary>Adds everything the assembly declares.</summary>
    void Register(IGrainRegistryBuilder builder);
}

/// <summary>What kind of key a grain interface takes.</summary>
public enum GrainKeyKind
{
    /// <summary>A string key.</summary>
    String,

    /// <summary>A Guid key.</summary>
    Guid,

    /// <summary>A 64-bit integer key.</summary>
    Integer,
}

/// <summary>Receives the generated registrations.</summary>
public interface IGrainRegistryBuilder
{
    /// <summary>Registers a grain interface and how to create its reference.</summary>
    void AddInterface(Type grainInterface, GrainKeyKind keyKind, Func<GrainId, IGrainCallInvoker, GrainReference> createReference);

    /// <summary>Registers a grain class.</summary>
    void AddGrainClass(GrainClassDescriptor descriptor);

    /// <summary>
    /// Registers how to rebuild a call to <paramref name="method"/> from the wire, under its <see cref="MethodDescriptor.Id"/>.
    /// An inherited method is registered by every interface that inherits it, always with an equivalent reader.
    /// </summary>
    void AddMethod(MethodDescriptor method, RequestReader read);
}

/// <summary>A grain class as the generator saw it.</summary>
/// <param name="GrainClass">The class.</param>
/// <param name="GrainType">Its grain type name.</param>
/// <param name="Interfaces">The grain interfaces it implements.</param>
/// <param name="IsReentrant">Whether the class (or one of its interfaces) is [Reentrant].</param>
/// <param name="Create">Creates an instance, resolving each constructor parameter from the context.</param>
public sealed record GrainClassDescriptor(
    Type GrainClass,
    string GrainType,
    IReadOnlyList<Type> Interfaces,
    bool IsReentrant,
    Func<IGrainActivationContext, Grain> Create);

/// <summary>What a generated grain factory may ask for while it constructs a grain.</summary>
public interface IGrainActivationContext
{
    /// <summary>A required service from the silo's container.</summary>
    T GetRequiredService<T>() where T : notnull;

    /// <summary>An optional service from the silo's container.</summary>
    T? GetService<T>();

    /// <summary>The persistent state named <paramref name="stateName"/> in storage <paramref name="storageName"/>.</summary>
    Persistence.IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName);
}
