namespace Beach.Actors.Idempotency;

/// <summary>The grain key of an idempotency key: <c>{tenant}/{key}</c>, so one tenant's keys never meet another's.</summary>
public static class IdempotencyKey
{
    /// <summary>The longest <c>Idempotency-Key</c> header accepted.</summary>
    public const int MAX_LENGTH = 255;

    /// <summary>The grain key of <paramref name="key"/> of <paramref name="tenant"/>.</summary>
    public static string For(string tenant, string key) => $"{tenant}/{key}";

    /// <summary>Whether <paramref name="key"/> may be an idempotency key: 1–255 visible ASCII characters.</summary>
    public static bool IsValid(string? key)
        => !string.IsNullOrEmpty(key) && key.Length <= MAX_LENGTH && key.All(c => c is >= '!' and <= '~');
}
