using Beach.Actors.Gateway;
using Beach.Actors.Gateway.Security;

namespace Beach.Actors.Silo;

/// <summary>Where each mode takes its token keys from, and the development token the embedded node prints.</summary>
public static class SiloSecurity
{
    /// <summary>The embedded node: the HS256 key of its data folder, created (owner-only) on first start.</summary>
    public static void UseDevelopmentKey(IServiceCollection services, string dataDirectory)
    {
        var key = DevelopmentSigningKey.LoadOrCreate(dataDirectory);
        services.Configure<SecurityOptions>(security => security.DevelopmentKey = key);
    }

    /// <summary>
    /// The gateway process: <c>--dev-key-file</c> (<c>BEACH_DEV_KEY_FILE</c>), an HS256 development key file as the
    /// embedded node writes it, and/or <c>--es256-public-keys</c> (<c>BEACH_ES256_PUBLIC_KEYS</c>), PEM files of
    /// EC P-256 public keys separated by commas. With neither, it accepts no token and says so in every 401.
    /// </summary>
    public static void UseConfiguredKeys(IServiceCollection services, IConfiguration configuration)
    {
        var devKeyFile = configuration["dev-key-file"] ?? Environment.GetEnvironmentVariable("BEACH_DEV_KEY_FILE");
        var es256 = configuration["es256-public-keys"] ?? Environment.GetEnvironmentVariable("BEACH_ES256_PUBLIC_KEYS");
        var devKey = string.IsNullOrWhiteSpace(devKeyFile) ? null : Read(devKeyFile);
        var pems = (es256 ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var pem in pems)
        {
            if (!File.Exists(pem))
            {
                throw new ArgumentException($"--es256-public-keys names '{pem}', which does not exist.");
            }
        }

        services.Configure<SecurityOptions>(security =>
        {
            security.DevelopmentKey = devKey;
            foreach (var pem in pems)
            {
                security.Es256PublicKeyFiles.Add(pem);
            }
        });
    }

    /// <summary>The admin token printed at start: tenant <see cref="GatewayOptions.DevelopmentTenant"/>, every scope, one hour.</summary>
    public static string MintStartupToken(IServiceProvider services)
    {
        var key = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.DevelopmentKey
                  ?? throw new InvalidOperationException("The embedded node has no development key.");
        var tenant = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.DevelopmentTenant;
        return TokenIssuer.MintDevelopment(
            key,
            new TokenRequest("dev-admin", tenant, [Scopes.Admin], SecurityOptions.DEFAULT_DEVELOPMENT_TOKEN_LIFETIME),
            services.GetRequiredService<TimeProvider>());
    }

    private static byte[] Read(string path)
    {
        try
        {
            return DevelopmentSigningKey.Read(path);
        }
        catch (InvalidOperationException problem)
        {
            throw new ArgumentException($"--dev-key-file: {problem.Message}", problem);
        }
    }
}
