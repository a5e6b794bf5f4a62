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

    /// <summary>
    /// A hash that is the same in every process and on every machine (unlike <see cref="string.GetHashCode()"/>),
    /// spread evenly over 32 bits: it places the id on the cluster's consistent-hash ring.
    /// </summary>
    public uint GetUniformHashCode()
    {
        // FNV-1a over the UTF-16 code units of "type/key", then MurmurHash3's finalizer to spread the bits.
        const uint OFFSET = 2166136261;
        const uint PRIME = 16777619;
        var hash = OFFSET;
        foreach (var c in Type ?? string.Empty)
        {
            hash = (hash ^ c) * PRIME;
        }

        hash = (hash ^ '/') * PRIME;
        foreach (var c in Key ?? string.Empty)
        {
            hash = (hash ^ c) * PRIME;
        }

        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
