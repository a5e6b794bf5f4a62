using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Beach.Actors.Bench.Http;

/// <summary>
/// One controller churning one session's lease through the gateway: acquire, renew, release, again. Each call of
/// <see cref="NextAsync"/> is one of those operations, so each is timed on its own.
/// </summary>
internal sealed class LeaseClient
{
    /// <summary>Long enough that no lease expires between the bench's own acquire and release.</summary>
    private const int TTL_MILLISECONDS = 30_000;

    private const int RESPONSE_BUFFER_BYTES = 4_096;

    private static readonly byte[] s_leaseIdProperty = "lease_id"u8.ToArray();

    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly string _leasePath;
    private readonly Uri _leaseUri;
    private readonly byte[] _acquireBody;
    private readonly byte[] _buffer = new byte[RESPONSE_BUFFER_BYTES];
    private byte[] _renewBody = [];
    private Uri? _releaseUri;
    private int _step;

    /// <summary>A controller <paramref name="controllerId"/> of <paramref name="sessionId"/>, sending through <paramref name="http"/>.</summary>
    /// <param name="http">The bench's client.</param>
    /// <param name="sessionId">A registered session.</param>
    /// <param name="controllerId">Who acquires.</param>
    /// <param name="authorization">The tenant's token, when not the client's default one.</param>
    public LeaseClient(HttpClient http, string sessionId, string controllerId, AuthenticationHeaderValue? authorization = null)
    {
        _http = http;
        _authorization = authorization;
        _leasePath = $"/sessions/{sessionId}/controller/lease";
        _leaseUri = new Uri(_leasePath, UriKind.Relative);
        _acquireBody = AcquireBody(controllerId);
    }

    /// <summary>The acquire body, which the floor route is sent too so both carry the same bytes.</summary>
    public static byte[] AcquireBody(string controllerId)
        => Encoding.UTF8.GetBytes($$"""{"controller_id":"{{controllerId}}","ttl_ms":{{TTL_MILLISECONDS}}}""");

    public ValueTask<int> NextAsync()
    {
        var step = _step;
        _step = step == 2 ? 0 : step + 1;
        return step switch
        {
            0 => AcquireAsync(),
            1 => BenchHttpClient.SendAsync(_http, Authorized(BenchHttpClient.Json(HttpMethod.Post, _leaseUri, _renewBody)), _buffer),
            _ => BenchHttpClient.SendAsync(_http, Authorized(new HttpRequestMessage(HttpMethod.Delete, _releaseUri)), _buffer),
        };
    }

    private async ValueTask<int> AcquireAsync()
    {
        var length = await BenchHttpClient.SendAsync(_http, Authorized(BenchHttpClient.Json(HttpMethod.Post, _leaseUri, _acquireBody)), _buffer);
        var leaseId = ReadLeaseId(_buffer.AsSpan(0, length));
        _renewBody = Encoding.UTF8.GetBytes($$"""{"lease_id":"{{leaseId}}","ttl_ms":{{TTL_MILLISECONDS}}}""");
        _releaseUri = new Uri($"{_leasePath}?lease_id={Uri.EscapeDataString(leaseId)}", UriKind.Relative);
        return length;
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        if (_authorization is not null)
        {
            request.Headers.Authorization = _authorization;
        }

        return request;
    }

    private static string ReadLeaseId(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(s_leaseIdProperty))
            {
                reader.Read();
                return reader.GetString() ?? throw new InvalidOperationException("The grant's lease_id is null.");
            }
        }

        throw new InvalidOperationException($"No lease_id in the grant: {Encoding.UTF8.GetString(json)}");
    }
}
