namespace Beach.Actors.Gateway.Problems;

/// <summary>Collects the field errors of one request, so that a caller learns of all of them at once.</summary>
internal sealed class RequestValidation
{
    private Dictionary<string, string[]>? _errors;

    public bool IsValid => _errors is null;

    public IDictionary<string, string[]> Errors => _errors ?? [];

    public void Add(string field, string message)
    {
        _errors ??= new(StringComparer.Ordinal);
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    /// <summary>Requires a non-blank string of at most <paramref name="maxLength"/> characters.</summary>
    public void RequireText(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            Add(field, "is required.");
        }
        else if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "must not be blank.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"must be at most {maxLength} characters.");
        }
    }
}
