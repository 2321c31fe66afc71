namespace AgentPlatform.SearchApi.Searching;

/// <summary>One engine call under its own time limit and span: past the limit it is cancelled and reported as a
/// TimeoutException, so the caller can answer from the other engines.</summary>
public static class EngineRun
{
    /// <summary>The answers of the engines that answered, keyed by engine; each failure (a timeout or an error) is logged
    /// and becomes a warning naming the engine, prefixed with <paramref name="label"/> ("" or e.g. "memory ").</summary>
    public static async Task<Dictionary<string, T>> CollectAsync<T>(IReadOnlyList<(string Name, Task<T> Answer)> engines, TimeSpan timeout,
        string label, List<string> warnings, ILogger logger, string tenantId, CancellationToken ct)
    {
        var answers = new Dictionary<string, T>();
        foreach (var (name, task) in engines)
        {
            try
            {
                answers[name] = await task;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reason = ex is TimeoutException ? $"did not answer within {timeout.TotalMilliseconds:0} ms" : ex.Message;
                warnings.Add($"{label}{name} search failed: {reason}. Results come from the other engines only.");
                logger.LogWarning(ex, "{Label}{Engine} search failed for tenant {Tenant}", label, name, tenantId);
            }
        }
        return answers;
    }

    public static async Task<T> WithTimeoutAsync<T>(string engine, TimeSpan timeout, Func<CancellationToken, Task<T>> run, CancellationToken ct)
    {
        using var activity = AgentPlatform.ServiceDefaults.Telemetry.ActivitySource.StartActivity($"search {engine}");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            return await run(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{engine} timed out");
        }
    }
}
