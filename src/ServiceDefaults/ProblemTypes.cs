using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Gives every error answer the same shape: ASP.NET Core fills type and title only for the common statuses,
/// so 413, 428, 429 (and any other) would go out without a type.</summary>
public static class ProblemTypes
{
    private static readonly Dictionary<int, string> Types = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status428PreconditionRequired] = "https://tools.ietf.org/html/rfc6585#section-3",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
    };

    /// <summary>Sets a missing type (the status's RFC section, else "about:blank", which RFC 9457 defines as "the status
    /// says it all") and a missing title (the status's reason phrase).</summary>
    public static void Complete(ProblemDetails problem)
    {
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        problem.Status = status;
        problem.Type ??= Types.GetValueOrDefault(status, "about:blank");
        if (string.IsNullOrEmpty(problem.Title))
            problem.Title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
    }
}
