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
