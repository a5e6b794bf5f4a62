using System.Collections.Immutable;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// The consistent-hash ring over the active silos: each silo stands on the ring at <see cref="DEFAULT_POINTS_PER_SILO"/>
/// points, and a grain id belongs to the silo of the first point at or after the id's uniform hash (wrapping round).
/// When a silo joins or leaves, only the ids next to its points change owner. Immutable: a new membership view builds
/// a new ring.
/// </summary>
internal sealed class ConsistentRing
{
    /// <summary>
    /// Points per silo. More points spread ownership more evenly (with 3 silos and 64 points the largest share is
    /// within about 15% of a third) at the cost of a longer array to search.
    /// </summary>
    public const int DEFAULT_POINTS_PER_SILO = 64;

    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    /// <summary>Builds the ring of <paramref name="silos"/>; the order they are given in does not matter.</summary>
    public ConsistentRing(IEnumerable<SiloAddress> silos, int pointsPerSilo = DEFAULT_POINTS_PER_SILO)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerSilo, 1);
        Silos = [.. silos.Distinct().OrderBy(silo => silo.ToString(), StringComparer.Ordinal)];
        var points = new List<(uint Point, SiloAddress Silo)>(Silos.Length * pointsPerSilo);
        foreach (var silo in Silos)
        {
            var name = silo.ToString();
            for (var i = 0; i < pointsPerSilo; i++)
            {
                points.Add((new GrainId("ring", $"{name}#{i}").GetUniformHashCode(), silo));
            }
        }

        // Two silos on one point: the first by name keeps it, so every silo builds the same ring.
        points.Sort((a, b) => a.Point != b.Point
            ? a.Point.CompareTo(b.Point)
            : string.CompareOrdinal(a.Silo.ToString(), b.Silo.ToString()));
        var distinct = points.Where((p, i) => i == 0 || points[i - 1].Point != p.Point).ToArray();
        _points = distinct.Select(p => p.Point).ToArray();
        _owners = distinct.Select(p => p.Silo).ToArray();
    }

    /// <summary>The silos on the ring, in a fixed order.</summary>
    public ImmutableArray<SiloAddress> Silos { get; }

    /// <summary>Whether no silo is on the ring.</summary>
    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo that owns <paramref name="grain"/>.</summary>
    /// <exception cref="InvalidOperationException">The ring is empty.</exception>
    public SiloAddress OwnerOf(GrainId grain) => OwnerOf(grain.GetUniformHashCode());

    /// <summary>The silo that owns the ring position <paramref name="hash"/>.</summary>
    /// <exception cref="InvalidOperationException">The ring is empty.</exception>
    public SiloAddress OwnerOf(uint hash)
    {
        if (_points.Length == 0)
        {
            throw new InvalidOperationException("No active silo owns any part of the ring yet.");
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>
    /// The ranges (begin, end] of the ring that <paramref name="silo"/> owns, as <see cref="IReminderTable"/> reads them;
    /// a range with begin ≥ end wraps round zero.
    /// </summary>
    public IReadOnlyList<(uint Begin, uint End)> RangesOf(SiloAddress silo)
    {
        var ranges = new List<(uint, uint)>();
        for (var i = 0; i < _points.Length; i++)
        {
            if (_owners[i] != silo)
            {
                continue;
            }

            // A point's range runs from just after the previous point up to and including the point itself.
            ranges.Add((_points[i == 0 ? _points.Length - 1 : i - 1], _points[i]));
        }

        return ranges;
    }
}
