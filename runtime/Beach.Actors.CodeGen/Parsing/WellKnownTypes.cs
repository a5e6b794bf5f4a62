namespace Beach.Actors.CodeGen.Parsing;

/// <summary>Metadata names of the programming model's types that the generator recognises.</summary>
internal static class WellKnownTypes
{
    public const string Grain = "Beach.Actors.Grain";
    public const string IGrain = "Beach.Actors.IGrain";
    public const string IGrainWithStringKey = "Beach.Actors.IGrainWithStringKey";
    public const string IGrainWithGuidKey = "Beach.Actors.IGrainWithGuidKey";
    public const string IGrainWithIntegerKey = "Beach.Actors.IGrainWithIntegerKey";
    public const string ReentrantAttribute = "Beach.Actors.ReentrantAttribute";
    public const string AlwaysInterleaveAttribute = "Beach.Actors.AlwaysInterleaveAttribute";
    public const string ReadOnlyAttribute = "Beach.Actors.ReadOnlyAttribute";
    public const string GrainTypeAttribute = "Beach.Actors.GrainTypeAttribute";
    public const string ResponseTimeoutAttribute = "Beach.Actors.ResponseTimeoutAttribute";
    public const string PersistentStateAttribute = "Beach.Actors.Persistence.PersistentStateAttribute";
    public const string IPersistentState = "Beach.Actors.Persistence.IPersistentState`1";
    public const string Task = "System.Threading.Tasks.Task";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";
    public const string CancellationToken = "System.Threading.CancellationToken";
}
