using System.Globalization;

namespace Beach.Actors.Postgres.Persistence;

/// <summary>ETags of grain state and reminders: the decimal form of the version stored in their <c>etag</c> column.</summary>
internal static class GrainEtag
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The version an ETag names, or null for null and for strings this store never issues.</summary>
    public static long? Parse(string? etag) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
}
