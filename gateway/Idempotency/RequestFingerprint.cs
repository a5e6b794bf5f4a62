using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Idempotency;

/// <summary>What makes two requests "the same" for an idempotency key: method, path with query, and the body's SHA-256.</summary>
internal static class RequestFingerprint
{
    /// <summary>Reads the whole body (bounded by the gateway's body limit), leaves it rewound for the route, and hashes.</summary>
    public static async Task<string> ComputeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
