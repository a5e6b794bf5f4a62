namespace Beach.Actors;

/// <summary>How the cluster chooses the silo that activates a grain that has no activation yet.</summary>
public enum PlacementKind
{
    /// <summary>Any active silo, chosen at random: spreads load without coordination. The default.</summary>
    Random = 0,

    /// <summary>The calling silo when it hosts grains; otherwise as <see cref="Random"/>. For grains mostly called from one place.</summary>
    PreferLocal = 1,

    /// <summary>The silo the grain id hashes to among the active silos: the same silo whoever calls.</summary>
    HashBased = 2,

    /// <summary>
    /// The audit home of the tenant that the grain key names before its first '/' (as in <c>tenant/session</c>): the
    /// silo whose writer commits that tenant's audit records. A grain that appends to its tenant's log on every write
    /// then appends on its own silo. A key without a tenant, or a home that is not a candidate, is placed as
    /// <see cref="Random"/>; in a single silo every kind places on that silo.
    /// </summary>
    TenantAuditHome = 3,
}

/// <summary>Sets the placement of a grain class. A class without one is placed as <see cref="PlacementKind.Random"/>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class PlacementAttribute(PlacementKind kind) : Attribute
{
    /// <summary>The placement this attribute chooses.</summary>
    public PlacementKind Kind { get; } = kind;
}

/// <summary>Places new activations on a random active silo.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RandomPlacementAttribute() : PlacementAttribute(PlacementKind.Random);

/// <summary>Places new activations on the calling silo when it hosts grains.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PreferLocalPlacementAttribute() : PlacementAttribute(PlacementKind.PreferLocal);

/// <summary>Places new activations on the active silo their id hashes to.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HashBasedPlacementAttribute() : PlacementAttribute(PlacementKind.HashBased);

/// <summary>Places new activations on the audit home of the tenant their key starts with (<c>tenant/…</c>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class TenantAuditHomePlacementAttribute() : PlacementAttribute(PlacementKind.TenantAuditHome);
