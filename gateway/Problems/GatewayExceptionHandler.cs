using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Gateway.Problems;

/// <summary>Answers every exception that escapes a route with its problem document.</summary>
internal sealed partial class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = ExceptionProblems.From(exception, httpContext);
        if (result is IStatusCodeHttpResult { StatusCode: >= StatusCodes.Status500InternalServerError })
        {
            Failed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void Failed(ILogger logger, string method, string path, Exception exception);
}
