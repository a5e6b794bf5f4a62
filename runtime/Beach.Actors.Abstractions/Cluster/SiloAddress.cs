using System.Globalization;
using System.Net;

namespace Beach.Actors.Cluster;

/// <summary>
/// One silo incarnation: the endpoint its silo-to-silo port listens on and the generation it started with.
/// A silo that restarts on the same endpoint gets a new generation, so the cluster never mistakes it for the old one.
/// </summary>
/// <param name="Host">The IP address other silos connect to (for example <c>127.0.0.1</c>).</param>
/// <param name="Port">The silo-to-silo TCP port.</param>
/// <param name="Generation">A number that grows with every start of a silo on this endpoint (milliseconds since 2020 at start).</param>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A new incarnation on <paramref name="endpoint"/>, its generation taken from <paramref name="now"/>.</summary>
    public static SiloAddress New(IPEndPoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new SiloAddress(endpoint.Address.ToString(), endpoint.Port, (long)(now - Epoch).TotalMilliseconds);
    }

    /// <summary>The endpoint to connect to.</summary>
    public IPEndPoint ToEndPoint() => new(IPAddress.Parse(Host), Port);

    /// <summary>Whether both name the same endpoint, whatever their generations.</summary>
    public bool SameEndpoint(SiloAddress other) => Port == other.Port && string.Equals(Host, other.Host, StringComparison.Ordinal);

    /// <summary>Formats as <c>host:port@generation</c>; <see cref="Parse"/> reads it back.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>Reads the form <see cref="ToString"/> writes.</summary>
    /// <exception cref="FormatException">The text is not <c>host:port@generation</c>.</exception>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text.LastIndexOf(':', at);
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(text[..colon], port, generation);
    }
}
