namespace Beach.Actors.Postgres.Tenancy;

/// <summary>
/// The tenant a grain's rows belong to: keys that belong to a tenant read <c>"{tenant}/{rest}"</c>, so it is the part
/// of the key before the first '/', or '' for keys with none (system grains).
/// </summary>
internal static class TenantKey
{
    /// <summary>The value of <c>beach.tenant</c> that lets a session see every tenant's rows (silo-wide scans).</summary>
    public const string AllTenants = "*";

    private const char Separator = '/';

    public static string Of(GrainId grain)
    {
        var key = grain.Key ?? string.Empty;
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? string.Empty : key[..separator];
    }
}
