using System.Globalization;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Json;

/// <summary>Reads query parameters, adding a field error for a value out of its range.</summary>
internal static class Query
{
    /// <summary>The integer parameter <paramref name="name"/>, or <paramref name="fallback"/> when absent.</summary>
    public static long Long(HttpContext context, string name, long fallback, long min, long max, RequestValidation validation)
    {
        var raw = context.Request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            validation.Add(name, $"must be an integer from {min} to {max}.");
            return fallback;
        }

        return value;
    }
}
