namespace Beach.Actors.Gateway.Security;

/// <summary>What a tenant may be called. It is part of every grain key (<c>{tenant}/{session}</c>), so it may not hold a '/'.</summary>
public static class TenantName
{
    /// <summary>The longest tenant name.</summary>
    public const int MAX_LENGTH = 64;

    /// <summary>Whether <paramref name="tenant"/> is 1–64 letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValid(string? tenant)
        => !string.IsNullOrEmpty(tenant) && tenant.Length <= MAX_LENGTH
           && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
