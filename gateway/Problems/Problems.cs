using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Problems;

/// <summary>Builds <c>application/problem+json</c> answers.</summary>
internal static class Problems
{
    /// <summary>400 naming each offending field and what is wrong with it.</summary>
    public static IResult Validation(IDictionary<string, string[]> errors)
    {
        var summary = string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));
        return TypedResults.ValidationProblem(errors, detail: summary, title: "The request has invalid fields.", type: ProblemTypes.Validation);
    }

    /// <summary>400 naming one offending field.</summary>
    public static IResult Validation(string field, string message)
        => Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Any other problem.</summary>
    public static IResult Of(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null)
        => TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: extensions);
}
