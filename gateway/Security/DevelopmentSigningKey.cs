using System.Buffers.Text;
using System.Security.Cryptography;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// The embedded node's HS256 key: 32 random bytes, base64url in <c>{data}/dev-signing-key</c>, created on first start
/// readable by its owner only and reused after, so tokens minted offline (<c>beach token mint --data …</c>) stay valid
/// across restarts. For development only: production gateways take ES256 public keys.
/// </summary>
public static class DevelopmentSigningKey
{
    /// <summary>The key file's name inside the data folder.</summary>
    public const string FILE_NAME = "dev-signing-key";

    /// <summary>HS256 wants at least 256 bits.</summary>
    public const int KEY_BYTES = 32;

    /// <summary>The key file of <paramref name="dataDirectory"/>.</summary>
    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(dataDirectory, FILE_NAME);

    /// <summary>Reads the key of <paramref name="dataDirectory"/>, creating it (owner read/write only) when absent.</summary>
    public static byte[] LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            return Read(path);
        }

        Directory.CreateDirectory(dataDirectory);
        var key = RandomNumberGenerator.GetBytes(KEY_BYTES);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(Base64Url.EncodeToString(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: theirs is the key.
            return Read(path);
        }

        return key;
    }

    /// <summary>Reads a key file.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, or holds no key of at least 32 bytes.</exception>
    public static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No development signing key at '{path}'. Start the embedded node once with that data folder to create it.");
        }

        byte[] key;
        try
        {
            key = Base64Url.DecodeFromChars(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"'{path}' is not a development signing key (base64url of {KEY_BYTES} bytes).");
        }

        return key.Length >= KEY_BYTES
            ? key
            : throw new InvalidOperationException($"The development signing key in '{path}' has {key.Length} bytes; HS256 needs at least {KEY_BYTES}.");
    }
}
