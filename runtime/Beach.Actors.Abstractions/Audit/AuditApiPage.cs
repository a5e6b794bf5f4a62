using System.Globalization;
using System.Text.Json;

namespace Beach.Actors.Audit;

/// <summary>
/// One page of the gateway's <c>GET /audit</c>, read back into records, for clients that verify the chain
/// (<c>beach audit verify</c>). Each record's data is kept as the exact JSON text the server sent, which is the text
/// it stored and hashed.
/// </summary>
/// <param name="Tenant">The tenant the records belong to.</param>
/// <param name="Records">The records, oldest first.</param>
/// <param name="NextCursor">The <c>after</c> of the next page.</param>
public sealed record AuditApiPage(string Tenant, IReadOnlyList<AuditRecord> Records, long NextCursor)
{
    /// <summary>The route's path.</summary>
    public const string PATH = "/audit";

    /// <summary>Reads a page from the response body's JSON.</summary>
    /// <exception cref="JsonException">The body is not a page of <c>GET /audit</c>.</exception>
    public static AuditApiPage Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var tenant = Required(root, "tenant").GetString() ?? throw new JsonException("tenant is null.");
        var records = new List<AuditRecord>();
        foreach (var item in Required(root, "records").EnumerateArray())
        {
            var actor = Required(item, "actor");
            records.Add(new AuditRecord(
                Required(item, "seq").GetInt64(),
                tenant,
                Text(item, "stream"),
                Required(item, "stream_version").GetInt64(),
                Text(item, "kind"),
                actor.ValueKind == JsonValueKind.Null ? null : actor.GetString(),
                Required(item, "data").GetRawText(),
                Required(item, "at").GetDateTimeOffset(),
                Text(item, "prev_hash"),
                Text(item, "hash")));
        }

        return new AuditApiPage(tenant, records, Required(root, "next_cursor").GetInt64());
    }

    /// <summary>
    /// Every record of the caller's tenant from the first, page after page of <paramref name="pageSize"/>, through
    /// <paramref name="http"/> (whose base address is the gateway's and which carries the caller's credentials).
    /// </summary>
    public static async IAsyncEnumerable<AuditRecord> ReadAllAsync(
        HttpClient http, int pageSize = AuditQuery.MAX_LIMIT, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, AuditQuery.MAX_LIMIT);
        long after = 0;
        while (true)
        {
            var uri = string.Create(CultureInfo.InvariantCulture, $"{PATH}?after={after}&limit={pageSize}");
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var page = Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            foreach (var record in page.Records)
            {
                yield return record;
            }

            if (page.Records.Count < pageSize)
            {
                yield break;
            }

            after = page.NextCursor;
        }
    }

    private static JsonElement Required(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) ? value : throw new JsonException($"The audit page has no '{name}'.");

    private static string Text(JsonElement element, string name)
        => Required(element, name).GetString() ?? throw new JsonException($"'{name}' is null.");
}
