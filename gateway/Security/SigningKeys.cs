using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Beach.Actors.Gateway.Security;

/// <summary>The keys tokens may be signed with, read once from <see cref="SecurityOptions"/> when the gateway starts.</summary>
internal sealed partial class SigningKeys
{
    public SigningKeys(IOptions<SecurityOptions> options, ILogger<SigningKeys> logger)
    {
        var keys = new List<SecurityKey>();
        if (options.Value.DevelopmentKey is { } development)
        {
            if (development.Length < DevelopmentSigningKey.KEY_BYTES)
            {
                throw new InvalidOperationException($"The development signing key has {development.Length} bytes; HS256 needs at least {DevelopmentSigningKey.KEY_BYTES}.");
            }

            keys.Add(new SymmetricSecurityKey(development) { KeyId = "dev" });
        }

        foreach (var file in options.Value.Es256PublicKeyFiles)
        {
            keys.Add(ReadEs256PublicKey(file));
        }

        Keys = keys;
        if (keys.Count == 0)
        {
            NoKeys(logger);
        }
        else
        {
            Accepting(logger, options.Value.DevelopmentKey is null ? "no" : "the", options.Value.Es256PublicKeyFiles.Count, options.Value.Issuer, options.Value.Audience);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Accepting bearer tokens signed HS256 with {Development} development key and ES256 with {Es256} public keys; issuer '{Issuer}', audience '{Audience}'")]
    private static partial void Accepting(ILogger logger, string development, int es256, string issuer, string audience);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "No token signing key is configured: every request but the probes will be refused with 401. Give a development key file or ES256 public keys.")]
    private static partial void NoKeys(ILogger logger);

    public IReadOnlyList<SecurityKey> Keys { get; }

    /// <summary>An EC P-256 public key from a PEM file.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or holds no P-256 public key.</exception>
    public static ECDsaSecurityKey ReadEs256PublicKey(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"ES256 public key file '{path}' does not exist.");
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception problem) when (problem is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"'{path}' holds no PEM public key: {problem.Message}");
        }

        if (ecdsa.KeySize != 256)
        {
            ecdsa.Dispose();
            throw new InvalidOperationException($"'{path}' holds a {ecdsa.KeySize}-bit EC key; ES256 needs a P-256 key.");
        }

        return new ECDsaSecurityKey(ecdsa) { KeyId = Path.GetFileNameWithoutExtension(path) };
    }
}
