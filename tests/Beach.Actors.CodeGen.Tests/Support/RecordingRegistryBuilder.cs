using Beach.Actors.Invocation;

namespace Beach.Actors.CodeGen.Tests.Support;

/// <summary>Keeps what a generated registry registers, as the runtime's own builder would.</summary>
internal sealed class RecordingRegistryBuilder : IGrainRegistryBuilder
{
    public Dictionary<Type, (GrainKeyKind KeyKind, Func<GrainId, IGrainCallInvoker, GrainReference> Create)> Interfaces { get; } = [];

    public Dictionary<Type, GrainClassDescriptor> GrainClasses { get; } = [];

    public Dictionary<string, (MethodDescriptor Method, RequestReader Read)> Methods { get; } = [];

    public void AddInterface(Type grainInterface, GrainKeyKind keyKind, Func<GrainId, IGrainCallInvoker, GrainReference> createReference)
        => Interfaces.Add(grainInterface, (keyKind, createReference));

    public void AddGrainClass(GrainClassDescriptor descriptor) => GrainClasses.Add(descriptor.GrainClass, descriptor);

    public void AddMethod(MethodDescriptor method, RequestReader read) => Methods.Add(method.Id, (method, read));

    /// <summary>Registers the registry this test assembly's generator wrote.</summary>
    public static RecordingRegistryBuilder ForTestAssembly()
    {
        var attribute = (GeneratedGrainRegistryAttribute?)Attribute.GetCustomAttribute(
            typeof(RecordingRegistryBuilder).Assembly, typeof(GeneratedGrainRegistryAttribute));
        attribute.ShouldNotBeNull("the generator should have written a registry for this assembly");

        var registry = (IGeneratedGrainRegistry)Activator.CreateInstance(attribute.RegistryType)!;
        var builder = new RecordingRegistryBuilder();
        registry.Register(builder);
        return builder;
    }
}
