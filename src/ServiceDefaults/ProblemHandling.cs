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
            ArgumentException arg => (StatusCodes.Status400BadRequest, "Invalid request", arg.Message),
            ConcurrencyConflictException conflict => (StatusCodes.Status409Conflict, "Version conflict", conflict.Message),
            StoreUnavailableException store => (StatusCodes.Status503ServiceUnavailable, "Store unavailable", store.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "Client closed request", "The request was cancelled."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error",
                $"An unexpected error occurred; quote trace id {System.Diagnostics.Activity.Current?.TraceId.ToString() ?? httpContext.TraceIdentifier} when reporting it."),
        };
        if (status >= 500)
            logger.LogError(exception, "Request {Method} {Path} failed with {Status}", httpContext.Request.Method, httpContext.Request.Path, status);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
