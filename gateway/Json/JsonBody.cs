using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Json;

/// <summary>
/// Reads a JSON request body. Every way it can be wrong gets its own answer: 415 without a JSON content type,
/// 413 over the size limit, 400 naming the field for a wrong type and 400 for malformed JSON.
/// </summary>
internal static partial class JsonBody
{
    public static async Task<BodyResult<T>> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo, bool optional = false)
        where T : class
    {
        var request = context.Request;
        if (optional && request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return new(default, null);
        }

        if (!request.HasJsonContentType())
        {
            return new(default, Problems.Problems.Of(
                StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type.",
                "Send the body as JSON with the header Content-Type: application/json."));
        }

        try
        {
            var value = await DeserializeWholeBodyAsync(request, typeInfo, context.RequestAborted);
            return value is null
                ? new(default, Problems.Problems.Of(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "Malformed JSON.", "The body must be a JSON object, not null."))
                : new(value, null);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(default, ExceptionProblems.BodyTooLarge(context));
        }
        catch (JsonException error)
        {
            return new(default, Describe(error));
        }
    }

    /// <summary>
    /// Buffers the body (Kestrel's size limit still applies: past it the read throws 413) and reads one JSON value
    /// from it synchronously: for the gateway's small bodies, cheaper than deserializing from a stream.
    /// </summary>
    private static async ValueTask<T?> DeserializeWholeBodyAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            if (!read.IsCompleted)
            {
                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                continue;
            }

            try
            {
                return Deserialize(read.Buffer, typeInfo);
            }
            finally
            {
                body.AdvanceTo(read.Buffer.End);
            }
        }
    }

    private static T? Deserialize<T>(System.Buffers.ReadOnlySequence<byte> json, JsonTypeInfo<T> typeInfo)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var value = JsonSerializer.Deserialize(ref reader, typeInfo);

        // One JSON value and nothing after it, as a stream read would insist.
        if (reader.Read())
        {
            throw new JsonException("There is more after the JSON value.", reader.CurrentDepth == 0 ? "$" : null, lineNumber: null, bytePositionInLine: null);
        }

        return value;
    }

    private static IResult Describe(JsonException error)
    {
        var field = FieldOf(error.Path);
        var expected = ExpectedType().Match(error.Message);
        if (field is not null && expected.Success)
        {
            return Problems.Problems.Validation(field, $"must be {Describe(expected.Groups[1].Value)}.");
        }

        var where = error.LineNumber is { } line ? $" at line {line + 1}, byte {error.BytePositionInLine + 1}" : "";
        return Problems.Problems.Of(
            StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "Malformed JSON.",
            $"The body is not valid JSON{where}{(field is null ? "" : $" (in '{field}')")}. Send one JSON object.");
    }

    /// <summary>"$.capabilities[2]" → "capabilities[2]"; "$" → null.</summary>
    private static string? FieldOf(string? path)
        => string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string Describe(string clrType) => clrType switch
    {
        _ when clrType.StartsWith("System.Int", StringComparison.Ordinal) || clrType.StartsWith("System.Nullable`1[System.Int", StringComparison.Ordinal) => "an integer",
        _ when clrType.Contains("System.String", StringComparison.Ordinal) && clrType.Contains("List", StringComparison.Ordinal) => "an array of strings",
        _ when clrType.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ when clrType.Contains("JsonElement", StringComparison.Ordinal) => "a JSON value",
        _ when clrType.Contains("List", StringComparison.Ordinal) => "an array",
        _ => "of another type (see /openapi/v1.json)",
    };

    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*(?:\[[^\]]*\])?)", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectedType();
}

/// <summary>A body read: the value, or the problem to answer with.</summary>
internal readonly record struct BodyResult<T>(T? Value, IResult? Problem);
