using AgentPlatform.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Turns exceptions into ProblemDetails with a reason and never a stack trace.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            DuplicateContentException duplicate => (StatusCodes.Status409Conflict, "Duplicate content", duplicate.Message),
            // A version check is a precondition the caller sent (If-Match): failing it is 412 (RFC 9110), and a write that
            // would replace a version without naming one is 428 (RFC 6585). 409 is kept for state conflicts.
            ConcurrencyConflictException { ExpectedVersion: null } conflict => (StatusCodes.Status428PreconditionRequired, "If-Match required",
                $"{conflict.Resource} exists at version {conflict.CurrentVersion}; send If-Match: \"{conflict.CurrentVersion}\" to replace it."),
            ConcurrencyConflictException { CurrentVersion: null } conflict => (StatusCodes.Status412PreconditionFailed, "Version mismatch",
                $"{conflict.Resource} does not exist; create it without If-Match."),
            ConcurrencyConflictException conflict => (StatusCodes.Status412PreconditionFailed, "Version mismatch",
                $"{conflict.Resource}: If-Match was \"{conflict.ExpectedVersion}\" but the current version is {conflict.CurrentVersion}; read it again and retry."),
            SessionEndedException ended => (StatusCodes.Status409Conflict, "Session ended", ended.Message + " Start a new session."),
            StoreUnavailableException store => (StatusCodes.Status503ServiceUnavailable, "Store unavailable", store.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error",
                $"An unexpected error occurred; quote trace id {System.Diagnostics.Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier} when reporting it."),
        };
        if (status >= 500)
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, status);
        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        };
        if (InvalidJsonField(exception) is { } field)
        {
            var problem = exception.InnerException is NullElementException ? "must not be null" : "has a value of the wrong type or form";
            context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [$"{field} {problem}."] };
        }
        return await problems.TryWriteAsync(context);
    }

    /// <summary>The body field a JSON binding failure points at ("mode" for $.mode, "filters.tags[0]" for
    /// $.filters.tags[0]), so the answer names the field as validation errors do.</summary>
    private static string? InvalidJsonField(Exception exception) => exception switch
    {
        // The path is the object holding the array ("$" for the body itself); the exception names the element below it.
        BadHttpRequestException { InnerException: NullElementException { Path: { } holder } element } =>
            holder.StartsWith("$.", StringComparison.Ordinal) ? $"{holder[2..]}.{element.Field}" : element.Field,
        BadHttpRequestException { InnerException: System.Text.Json.JsonException { Path: { Length: > 2 } path } } when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => null,
    };
}
