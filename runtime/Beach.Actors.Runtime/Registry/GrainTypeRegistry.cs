using System.Reflection;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Reminders;

namespace Beach.Actors.Runtime.Registry;

/// <summary>
/// What the source generator registered: grain interfaces with their reference factories, and grain classes with
/// their grain types and constructors. Built from assemblies at start-up; an interface whose assembly was not added
/// is looked up in that assembly on first use. The runtime's own calls that cross between silos (reminder ticks) are
/// always known, whatever assemblies were added.
/// </summary>
public sealed class GrainTypeRegistry : IGrainRegistryBuilder
{
    private readonly Lock _lock = new();
    private readonly HashSet<Assembly> _assemblies = [];
    private Dictionary<Type, GrainInterfaceEntry> _interfaces = [];
    private Dictionary<string, GrainClassDescriptor> _classes = new(StringComparer.Ordinal);
    private Dictionary<string, RequestReader> _methods = SystemMethods();

    /// <summary>Adds the grain interfaces and classes the generator found in <paramref name="assembly"/>.</summary>
    public GrainTypeRegistry AddAssembly(Assembly assembly)
    {
        Builder builder;
        lock (_lock)
        {
            if (!_assemblies.Add(assembly))
            {
                return this;
            }

            var attribute = assembly.GetCustomAttribute<GeneratedGrainRegistryAttribute>();
            if (attribute is null)
            {
                return this;
            }

            var registry = (IGeneratedGrainRegistry)Activator.CreateInstance(attribute.RegistryType, nonPublic: true)!;

            // Readers take the dictionaries without the lock, so they are replaced, never changed in place.
            builder = new Builder(new(_interfaces), new(_classes, StringComparer.Ordinal), new(_methods, StringComparer.Ordinal));
            registry.Register(builder);
            _interfaces = builder.Interfaces;
            _classes = builder.Classes;
            _methods = builder.Methods;
        }

        // A silo that hosts a grain class must read calls to its interfaces off the wire, and their requests are
        // generated into the interfaces' own assemblies, which nothing else may have added.
        foreach (var grainClass in builder.AddedClasses)
        {
            foreach (var grainInterface in grainClass.Interfaces)
            {
                AddAssembly(grainInterface.Assembly);
                foreach (var inherited in grainInterface.GetInterfaces())
                {
                    AddAssembly(inherited.Assembly);
                }
            }
        }

        return this;
    }

    /// <summary>The grain classes known to this registry.</summary>
    public IEnumerable<GrainClassDescriptor> GrainClasses => _classes.Values;

    internal GrainInterfaceEntry GetInterface(Type grainInterface)
    {
        if (_interfaces.TryGetValue(grainInterface, out var entry))
        {
            return entry;
        }

        AddAssembly(grainInterface.Assembly);
        return _interfaces.TryGetValue(grainInterface, out entry)
            ? entry
            : throw new InvalidOperationException(
                $"{grainInterface.FullName} has no generated reference. Is it a grain interface, and does its project set <BeachCodeGen>true</BeachCodeGen>?");
    }

    internal bool TryGetClass(string grainType, out GrainClassDescriptor descriptor)
        => _classes.TryGetValue(grainType, out descriptor!);

    /// <summary>The reader of the method whose wire id is <paramref name="methodId"/>, found without allocating a string.</summary>
    internal bool TryGetMethodReader(ReadOnlySpan<char> methodId, out RequestReader reader)
        => _methods.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(methodId, out reader!);

    void IGrainRegistryBuilder.AddInterface(Type grainInterface, GrainKeyKind keyKind, Func<GrainId, IGrainCallInvoker, GrainReference> createReference)
        => throw new InvalidOperationException("Registrations go through AddAssembly.");

    void IGrainRegistryBuilder.AddGrainClass(GrainClassDescriptor descriptor)
        => throw new InvalidOperationException("Registrations go through AddAssembly.");

    void IGrainRegistryBuilder.AddMethod(MethodDescriptor method, RequestReader read)
        => throw new InvalidOperationException("Registrations go through AddAssembly.");

    private sealed class Builder(
        Dictionary<Type, GrainInterfaceEntry> interfaces,
        Dictionary<string, GrainClassDescriptor> classes,
        Dictionary<string, RequestReader> methods)
        : IGrainRegistryBuilder
    {
        public Dictionary<Type, GrainInterfaceEntry> Interfaces { get; } = interfaces;

        public Dictionary<string, GrainClassDescriptor> Classes { get; } = classes;

        public Dictionary<string, RequestReader> Methods { get; } = methods;

        public List<GrainClassDescriptor> AddedClasses { get; } = [];

        /// <summary>An inherited method comes from every assembly that inherits it, always with an equivalent reader.</summary>
        public void AddMethod(MethodDescriptor method, RequestReader read) => Methods.TryAdd(method.Id, read);

        public void AddInterface(Type grainInterface, GrainKeyKind keyKind, Func<GrainId, IGrainCallInvoker, GrainReference> createReference)
        {
            var grainType = Interfaces.TryGetValue(grainInterface, out var existing) ? existing.GrainType : null;
            Interfaces[grainInterface] = new GrainInterfaceEntry(grainInterface, keyKind, createReference, grainType ?? ConventionalGrainType(grainInterface));
            foreach (var descriptor in Classes.Values)
            {
                Bind(descriptor);
            }
        }

        public void AddGrainClass(GrainClassDescriptor descriptor)
        {
            if (Classes.TryGetValue(descriptor.GrainType, out var existing) && existing.GrainClass != descriptor.GrainClass)
            {
                throw new InvalidOperationException(
                    $"Grain type '{descriptor.GrainType}' is claimed by both {existing.GrainClass.FullName} and {descriptor.GrainClass.FullName}; give one a [GrainType].");
            }

            Classes[descriptor.GrainType] = descriptor;
            AddedClasses.Add(descriptor);
            Bind(descriptor);
        }

        private void Bind(GrainClassDescriptor descriptor)
        {
            foreach (var grainInterface in descriptor.Interfaces)
            {
                if (Interfaces.TryGetValue(grainInterface, out var entry))
                {
                    if (DeclaredGrainType(grainInterface) is { } declared && declared != descriptor.GrainType)
                    {
                        throw new InvalidOperationException(
                            $"{grainInterface.FullName} names grain type '{declared}', but {descriptor.GrainClass.FullName} is '{descriptor.GrainType}': "
                            + "clients would address other grains than the silos. Give both the same [GrainType].");
                    }

                    Interfaces[grainInterface] = entry with { GrainType = descriptor.GrainType };
                }
            }
        }
    }

    /// <summary>
    /// The runtime's requests that travel between silos but come from no generated interface: every silo reads them,
    /// so they are registered here rather than where a silo is set up. A generated method never has one of these ids.
    /// </summary>
    private static Dictionary<string, RequestReader> SystemMethods() => new(StringComparer.Ordinal)
    {
        [ReminderTickRequest.Descriptor.Id] = ReminderTickRequest.ReadArguments,
    };

    /// <summary>The grain type a grain interface names with [GrainType], if it names one.</summary>
    private static string? DeclaredGrainType(Type grainInterface) => grainInterface.GetCustomAttribute<GrainTypeAttribute>(inherit: false)?.Name;

    /// <summary>
    /// A client that hosts no grain classes names a grain by the interface's [GrainType], else by convention:
    /// IFooGrain → foo.
    /// </summary>
    private static string ConventionalGrainType(Type grainInterface)
    {
        if (DeclaredGrainType(grainInterface) is { } declared)
        {
            return declared;
        }

        var name = grainInterface.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }
}

/// <summary>A grain interface: its key kind, how to create its reference, and the grain type it addresses.</summary>
internal sealed record GrainInterfaceEntry(
    Type Interface,
    GrainKeyKind KeyKind,
    Func<GrainId, IGrainCallInvoker, GrainReference> CreateReference,
    string GrainType);
