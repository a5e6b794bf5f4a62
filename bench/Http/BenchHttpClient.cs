using System.Net;

namespace Beach.Actors.Bench.Http;

/// <summary>
/// The one HTTP client every gateway worker shares: HTTP/1.1 keep-alive, a connection per worker, nothing the
/// server did not ask for (no proxy, cookies, redirects or decompression), so the client costs as little as it can.
/// </summary>
internal static class BenchHttpClient
{
    public static HttpClient Create(Uri baseAddress, int connections)
    {
        var http = CreateAnonymous(baseAddress, connections);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Hosting.BenchSecurity.Token);
        return http;
    }

    private static HttpClient CreateAnonymous(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
    })
    {
        BaseAddress = baseAddress,
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A request with a body serialized once, ahead of time.</summary>
    public static HttpRequestMessage Json(HttpMethod method, Uri uri, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return new HttpRequestMessage(method, uri) { Content = content };
    }

    /// <summary>Sends, fails on any status but success, and reads the body into <paramref name="buffer"/>.</summary>
    /// <returns>How many bytes of the body fit into <paramref name="buffer"/>; the rest is read and discarded.</returns>
    public static async ValueTask<int> SendAsync(HttpClient http, HttpRequestMessage request, byte[] buffer)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadAsStringAsync();
                throw new HttpRequestException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {problem}");
            }

            await using var body = await response.Content.ReadAsStreamAsync();
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length))) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }

                    return length;
                }
            }

            return length;
        }
    }
}
