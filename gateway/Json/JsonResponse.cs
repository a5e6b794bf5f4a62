using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Json;

/// <summary>
/// A JSON answer written with a Content-Length: the body is serialized into a buffer rented from the shared pool first
/// (<see cref="PooledBufferWriter"/>), so neither side pays for chunked framing. The gateway's answers are small; that
/// buffer is the only copy, and it goes back to the pool once the body is written.
/// </summary>
internal sealed class JsonResponse<T>(int statusCode, T value, JsonTypeInfo<T> typeInfo, string? location = null)
    : IResult, IStatusCodeHttpResult, IValueHttpResult<T>
{
    private const int INITIAL_BUFFER_BYTES = 512;

    public int? StatusCode => statusCode;

    public T? Value => value;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var buffer = new PooledBufferWriter(INITIAL_BUFFER_BYTES);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        if (location is not null)
        {
            response.Headers.Location = location;
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted);
    }
}

/// <summary>Creates <see cref="JsonResponse{T}"/> answers.</summary>
internal static class JsonResponse
{
    public static JsonResponse<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(StatusCodes.Status200OK, value, typeInfo);

    public static JsonResponse<T> Status<T>(int statusCode, T value, JsonTypeInfo<T> typeInfo) => new(statusCode, value, typeInfo);

    public static JsonResponse<T> Created<T>(string location, T value, JsonTypeInfo<T> typeInfo)
        => new(StatusCodes.Status201Created, value, typeInfo, location);
}
