using Beach.Actors.Gateway.Problems;
using Beach.Actors.Idempotency;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Idempotency;

/// <summary>
/// Runs the rest of the pipeline with the response body buffered, writes it out, and returns it for storing; or null
/// when the answer must not be stored (5xx, 429: a retry should run again).
/// </summary>
internal static class ResponseCapture
{
    public static async Task<StoredResponse?> RunAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            try
            {
                await next(context);
            }
            catch (Exception exception) when (IsStorable(ExceptionProblems.From(exception, context)))
            {
                // A typed error (409 lease held, 404 unknown session) is the request's answer too: render it here so
                // that it is stored and replayed like a success. Anything else goes on to the exception handler.
                buffer.SetLength(0);
                await ExceptionProblems.From(exception, context).ExecuteAsync(context);
            }
        }
        finally
        {
            response.Body = original;
        }

        var body = buffer.ToArray();
        if (body.Length > 0)
        {
            await original.WriteAsync(body, context.RequestAborted);
        }

        return response.StatusCode is >= StatusCodes.Status500InternalServerError or StatusCodes.Status429TooManyRequests
            ? null
            : new StoredResponse(response.StatusCode, response.ContentType, response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, Convert.ToBase64String(body));
    }

    private static bool IsStorable(IResult result)
        => result is IStatusCodeHttpResult { StatusCode: < StatusCodes.Status500InternalServerError and not StatusCodes.Status429TooManyRequests };
}
