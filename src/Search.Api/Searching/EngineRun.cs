namespace AgentPlatform.SearchApi.Searching;

/// <summary>One engine call under its own time limit and span: past the limit it is cancelled and reported as a
/// TimeoutException, so the caller can answer from the other engines.</summary>
public static class EngineRun
{
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
