namespace Beach.Actors.Runtime;

/// <summary>Names of grain storage providers.</summary>
public static class StorageNames
{
    /// <summary>The provider a [PersistentState] without a storage name uses.</summary>
    public const string Default = "Default";
}
