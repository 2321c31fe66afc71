// HTTP calls here are bounded by the in-process servers; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using AgentPlatform.Contracts;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Reliability;

/// <summary>Sends generated bad requests one by one and checks each answer against what its case expects: never a 5xx,
/// never a stack trace or exception type in the body, and the case's outcome.</summary>
public static partial class FuzzRunner
{
    /// <summary>Override with AGENTPLATFORM_FUZZ_SEED to explore other inputs or replay a reported run.</summary>
    private const int DefaultSeed = 20261125;

    [GeneratedRegex(@"\bat [\w.`<>\[\]]+\(|\.cs:line \d+|System\.\w+Exception|Microsoft\.\w+(\.\w+)*Exception")]
    private static partial Regex StackTraceShape();

    public static int Seed => Environment.GetEnvironmentVariable("AGENTPLATFORM_FUZZ_SEED") is { Length: > 0 } configured
        ? int.Parse(configured, CultureInfo.InvariantCulture) : DefaultSeed;

    /// <summary>Sends every case and fails with the first 40 that misbehaved (and the seed to replay them).</summary>
    public static async Task AssertAllAsExpectedAsync(HttpClient client, IReadOnlyList<FuzzCase> cases, int minimum)
    {
        var seed = Seed;
        TestContext.Current.TestOutputHelper?.WriteLine($"Fuzz seed {seed} (replay with AGENTPLATFORM_FUZZ_SEED={seed})");
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var fuzz in cases)
        {
            if (await CheckAsync(client, fuzz) is { } failure)
                failures.Add($"{fuzz}: {failure}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{cases.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; {failures.Count} failed");
        Assert.True(cases.Count >= minimum, $"only {cases.Count} cases");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {cases.Count} requests misbehaved:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>Null when the response is what the case expects, else what was wrong.</summary>
    private static async Task<string?> CheckAsync(HttpClient client, FuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(fuzz.Method, fuzz.Url) { Content = fuzz.Body?.Invoke() };
        if (fuzz.ApiKey is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", fuzz.ApiKey);
        foreach (var (name, value) in fuzz.Headers) request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            return $"the request failed: {ex.GetType().Name}: {ex.Message}";
        }
        using var response = sent;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var excerpt = body.Length > 300 ? body[..300] + "..." : body;
        if (status >= 500) return $"{status} {excerpt}";
        if (StackTraceShape().IsMatch(body)) return $"stack trace or exception type in the body: {excerpt}";
        switch (fuzz.Expect)
        {
            case FuzzOutcome.Rejected:
                if (status is < 400 or > 499 || (fuzz.Status is { } exact && status != exact))
                    return $"got {status}: {excerpt}";
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {excerpt}";
                using (var problem = JsonDocument.Parse(body))
                {
                    if (!problem.RootElement.TryGetProperty("status", out var problemStatus) || problemStatus.GetInt32() != status)
                        return $"problem without a matching status: {excerpt}";
                }
                return null;
            case FuzzOutcome.EmptyRead:
                if (status != 200) return $"got {status}: {excerpt}";
                using (var page = JsonDocument.Parse(body))
                    return page.RootElement.GetProperty("items").GetArrayLength() == 0 ? null : $"matched something: {excerpt}";
            case FuzzOutcome.NoHits:
                if (status != 200) return $"got {status}: {excerpt}";
                using (var answer = JsonDocument.Parse(body))
                    return answer.RootElement.GetProperty("hits").GetArrayLength() == 0 ? null : $"matched something: {excerpt}";
            case FuzzOutcome.OwnHits:
                if (status != 200) return $"got {status}: {excerpt}";
                using (var answer = JsonDocument.Parse(body))
                {
                    foreach (var hit in answer.RootElement.GetProperty("hits").EnumerateArray())
                    {
                        var id = (hit.TryGetProperty("sessionId", out var session) ? session : hit.GetProperty("entryId")).GetGuid();
                        if (!fuzz.OwnIds.Contains(id)) return $"found {id}, not the caller's: {excerpt}";
                    }
                }
                return null;
            case FuzzOutcome.EmptyReport:
                if (status != 200) return $"got {status}: {excerpt}";
                using (var report = JsonDocument.Parse(body))
                {
                    var root = report.RootElement;
                    return root.GetProperty("sessions").GetProperty("total").GetInt64() == 0
                        && root.GetProperty("interactions").GetProperty("total").GetInt64() == 0
                        && root.GetProperty("messages").GetInt64() == 0 ? null : $"counted something: {excerpt}";
                }
            default:
                if (status != 200) return $"got {status}: {excerpt}";
                var batch = JsonSerializer.Deserialize<KnowledgeBatchResponse>(body, Json.Options)!;
                return batch is { Created: 0, Duplicates: 0 } && batch.Invalid == batch.Items.Count ? null : $"an item was accepted: {excerpt}";
        }
    }
}
