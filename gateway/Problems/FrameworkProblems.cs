using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Beach.Actors.Gateway.Problems;

/// <summary>Says what to fix in the problems ASP.NET Core writes itself (no route, wrong method, wrong media type).</summary>
internal static class FrameworkProblems
{
    public static void Explain(ProblemDetailsContext context) => Explain(context.ProblemDetails, context.HttpContext.Request);

    /// <summary>
    /// The status-code page: an empty error answer (no route, wrong method) becomes a problem document. Written as a
    /// result rather than left to the default page, which falls back to text/plain for a client whose Accept header
    /// does not name JSON (a browser's); every error of the API is problem+json whatever the client accepts.
    /// </summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var problem = new ProblemDetails { Status = http.Response.StatusCode };
        Explain(problem, http.Request);
        return TypedResults.Problem(problem).ExecuteAsync(http);
    }

    private static void Explain(ProblemDetails problem, HttpRequest request)
    {
        if (problem.Detail is not null)
        {
            return;
        }

        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status404NotFound => (ProblemTypes.NotFound, $"No route answers {request.Method} {request.Path}. The routes are listed in /openapi/v1.json."),
            StatusCodes.Status405MethodNotAllowed => (ProblemTypes.MethodNotAllowed, $"{request.Path} does not take {request.Method}. The routes are listed in /openapi/v1.json."),
            StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.UnsupportedMediaType, "Send the body as JSON with the header Content-Type: application/json."),
            _ => (problem.Type, problem.Title),
        };
    }
}
