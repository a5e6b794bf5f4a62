namespace Beach.Actors.Leases;

/// <summary>Bounds on controller leases.</summary>
public sealed class LeaseOptions
{
    /// <summary>The shortest lease granted: shorter ones would expire before a controller could use them.</summary>
    public const int DEFAULT_MIN_TTL_MILLISECONDS = 100;

    /// <summary>The longest lease granted: a controller that wants longer renews, so a dead one lets go within this.</summary>
    public const int DEFAULT_MAX_TTL_MILLISECONDS = 600_000;

    /// <summary>See <see cref="DEFAULT_MIN_TTL_MILLISECONDS"/>.</summary>
    public TimeSpan MinTtl { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_MIN_TTL_MILLISECONDS);

    /// <summary>See <see cref="DEFAULT_MAX_TTL_MILLISECONDS"/>.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_MAX_TTL_MILLISECONDS);
}
