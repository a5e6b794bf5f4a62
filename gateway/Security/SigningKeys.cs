using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Beach.Actors.Gateway.Security;

/// <summary>The keys tokens may be signed with, read once from <see cref="SecurityOptions"/> when the gateway starts.</summary>
internal sealed class SigningKeys
{
    public SigningKeys(IOptions<SecurityOptions> options)
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
    }

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
