using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Problems;

/// <summary>Says what to fix in the problems ASP.NET Core writes itself (no route, wrong method, wrong media type).</summary>
internal static class FrameworkProblems
{
    public static void Explain(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        (problem.Type, problem.Detail) = problem.Status switch
        {
            StatusCodes.Status404NotFound => (ProblemTypes.NotFound, $"No route answers {request.Method} {request.Path}. The routes are listed in /openapi/v1.json."),
            StatusCodes.Status405MethodNotAllowed => (ProblemTypes.NotFound, $"{request.Path} does not take {request.Method}. The routes are listed in /openapi/v1.json."),
            StatusCodes.Status415UnsupportedMediaType => (ProblemTypes.UnsupportedMediaType, "Send the body as JSON with the header Content-Type: application/json."),
            _ => (problem.Type, problem.Title),
        };
    }
}
