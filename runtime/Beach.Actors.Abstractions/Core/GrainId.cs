namespace Beach.Actors;

/// <summary>
/// The identity of a grain: its grain type (for example <c>session</c>) and its key.
/// Keys that belong to a tenant carry it: <c>"{tenant}/{session}"</c>.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Formats the id as <c>type/key</c>, the form used in logs and error messages.</summary>
    public override string ToString() => $"{Type}/{Key}";

    /// <summary>Whether this is the default (empty) id.</summary>
    public bool IsDefault => Type is null;
}
