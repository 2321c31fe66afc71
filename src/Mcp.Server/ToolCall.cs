using AgentPlatform.Client;
using ModelContextProtocol;
using Polly.Timeout;

namespace AgentPlatform.McpServer;

/// <summary>Runs a tool's platform calls and turns what the platform refused into a tool error a model can act on:
/// the API's ProblemDetails (title, detail, each refused field as the argument it came from, the trace id), never
/// a stack trace.</summary>
public static class ToolCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AgentPlatformException refused) when (refused.Errors.Count > 0)
        {
            throw ToolErrors.Refused(refused.Errors.Select(e => KeyValuePair.Create(ArgumentOf(e.Key), e.Value)));
        }
        catch (AgentPlatformException refused)
        {
            var trace = refused.TraceId is null ? "" : $" (trace {refused.TraceId})";
            throw new McpException($"{(int)refused.StatusCode} {refused.Title}: {refused.Detail ?? refused.Title}{trace}");
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or TimeoutRejectedException)
        {
            throw new McpException("The platform did not answer; retry in a moment.", unreachable);
        }
    }

    /// <summary>Request fields to tool arguments: filters are flat arguments of the tools ("filters.agentId" is "agentId").</summary>
    private static string ArgumentOf(string field) => field.StartsWith("filters.", StringComparison.Ordinal) ? field["filters.".Length..] : field;
}
