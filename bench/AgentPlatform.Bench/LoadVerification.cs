using AgentPlatform.Contracts;
using System.Collections.Concurrent;
using System.Text.Json;
using AgentPlatform.Domain;

namespace AgentPlatform.Bench;

/// <summary>One check of the writes a load accepted: how many it covered, how many were verified, and why each other one was not.</summary>
internal sealed record CheckResult(string Check, int Recorded, int Verified, IReadOnlyList<string> Problems)
{
    public int Missing => Recorded - Verified;
}

/// <summary>
/// Reads back every write the load's clients recorded as accepted: knowledge entries and sessions by id, interactions
/// and messages through their session's listings, each agent state at the version and step last written; after the
/// worker has drained, every entry's status and, for a sample, a full-text search for its token.
/// </summary>
internal sealed class LoadVerification(PlatformClient ingestion, PlatformClient search, IReadOnlyList<LoadClient> clients)
{
    private const int Parallelism = 8;
    private const int SearchableSample = 50;

    private IEnumerable<IngestedEntry> Entries => clients.SelectMany(c => c.Entries);

    /// <summary>The checks that a write was not lost: each must find everything it covers.</summary>
    public async Task<IReadOnlyList<CheckResult>> CheckWritesAsync(CancellationToken ct) =>
    [
        await CheckAsync("knowledge entries: GET /v1/knowledge/{id}", [.. Entries], _ => 1, FindEntryAsync, ct),
        await CheckAsync("sessions: GET /v1/sessions/{id}", [.. clients.SelectMany(c => c.Sessions)], _ => 1, FindSessionAsync, ct),
        await CheckAsync("interactions: GET /v1/sessions/{id}/interactions", [.. clients.SelectMany(c => c.Interactions)], s => s.Value.Count,
            (session, token) => FindListedAsync(session.Key, "interactions", session.Value, token), ct),
        await CheckAsync("messages: GET /v1/sessions/{id}/messages", [.. clients.SelectMany(c => c.Messages)], s => s.Value.Count,
            (session, token) => FindListedAsync(session.Key, "messages", session.Value, token), ct),
        await CheckAsync("agent states: GET /v1/agents/{agentId}/state/memory", [.. clients.Select(c => c.LastState).OfType<StateWrite>()], _ => 1, FindStateAsync, ct),
    ];

    /// <summary>Every entry is Indexed (run once the worker has drained, or the wait gave up).</summary>
    public async Task<CheckResult> CheckIndexedAsync(CancellationToken ct) =>
        await CheckAsync("knowledge entries Indexed", [.. Entries], _ => 1, async (entry, token) =>
        {
            ApiResult<KnowledgeEntrySummary> result = await ingestion.ExchangeAsync<KnowledgeEntrySummary>(HttpMethod.Get, $"v1/knowledge/{entry.Id}", null, null, token);
            return result.Body is { Status: "Indexed" } ? [] : [result.Body is { } body ? $"{entry.Id}: {body.Status} {body.Error}" : Failure(entry.Id, result)];
        }, ct);

    /// <summary>A sample of entries (spread over the run), each found by a full-text search for its unique token.</summary>
    public async Task<CheckResult> CheckSearchableAsync(CancellationToken ct)
    {
        IngestedEntry[] all = [.. Entries];
        IngestedEntry[] sample = [.. all.Where((_, i) => i % Math.Max(1, all.Length / SearchableSample) == 0).Take(SearchableSample)];
        return await CheckAsync($"searchable: fulltext search for the entry's token (sample of {sample.Length})", sample, _ => 1, async (entry, token) =>
        {
            ApiResult<SearchResponse> result = await search.ExchangeAsync<SearchResponse>(HttpMethod.Post, "v1/search",
                new { query = entry.Token, mode = "fulltext", limit = LoadClient.SearchLimit }, null, token);
            if (!result.IsSuccess)
                return [Failure(entry.Id, result)];
            return result.Body!.Hits.Any(h => h.EntryId == entry.Id) ? [] : [$"{entry.Id}: not among the hits for '{entry.Token}'"];
        }, ct);
    }

    private async Task<IReadOnlyList<string>> FindEntryAsync(IngestedEntry entry, CancellationToken ct) =>
        Problem(entry.Id, await ingestion.ExchangeAsync<KnowledgeEntrySummary>(HttpMethod.Get, $"v1/knowledge/{entry.Id}", null, null, ct));

    private async Task<IReadOnlyList<string>> FindSessionAsync(Guid session, CancellationToken ct) =>
        Problem(session, await ingestion.ExchangeAsync<CreatedRecord>(HttpMethod.Get, $"v1/sessions/{session}", null, null, ct));

    /// <summary>Pages through a session's interactions or messages and reports every recorded id the listing lacks.</summary>
    private async Task<IReadOnlyList<string>> FindListedAsync(Guid session, string listing, List<Guid> recorded, CancellationToken ct)
    {
        var listed = new HashSet<Guid>();
        for (int offset = 0; ; offset += PageRequest.MaxLimit)
        {
            ApiResult<PageBody<CreatedRecord>> page = await ingestion.ExchangeAsync<PageBody<CreatedRecord>>(HttpMethod.Get,
                $"v1/sessions/{session}/{listing}?offset={offset}&limit={PageRequest.MaxLimit}", null, null, ct);
            if (!page.IsSuccess)
                return [.. recorded.Select(id => Failure(id, page))];
            listed.UnionWith(page.Body!.Items.Select(i => i.Id));
            if (page.Body.Items.Count == 0 || offset + page.Body.Items.Count >= page.Body.Total)
                break;
        }
        return [.. recorded.Where(id => !listed.Contains(id)).Select(id => $"{id}: not in session {session}'s {listing}")];
    }

    private async Task<IReadOnlyList<string>> FindStateAsync(StateWrite state, CancellationToken ct)
    {
        ApiResult<AgentStateBody> result = await ingestion.ExchangeAsync<AgentStateBody>(HttpMethod.Get, $"v1/agents/{state.AgentId}/state/{LoadClient.StateType}", null, null, ct);
        if (result.Body is not { } body)
            return [$"{state.AgentId}: {result.Status} {result.ProblemTitle}"];
        int step = body.Data.TryGetProperty("step", out JsonElement value) ? value.GetInt32() : -1;
        return body.Version == state.Version && step == state.Step
            ? []
            : [$"{state.AgentId}: version {body.Version} step {step}, last accepted write was version {state.Version} step {state.Step}"];
    }

    private static IReadOnlyList<string> Problem<T>(Guid id, ApiResult<T> result) => result.IsSuccess ? [] : [Failure(id, result)];

    private static string Failure<T>(Guid id, ApiResult<T> result) => $"{id}: {result.Status} {result.ProblemTitle}";

    /// <summary>Runs <paramref name="problemsOf"/> over the items, a few at a time; each problem is one write not verified
    /// (<paramref name="writesOf"/> says how many writes an item covers). A request that fails outright is a problem too.</summary>
    private static async Task<CheckResult> CheckAsync<T>(string check, IReadOnlyList<T> items, Func<T, int> writesOf,
        Func<T, CancellationToken, Task<IReadOnlyList<string>>> problemsOf, CancellationToken ct)
    {
        var problems = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (item, token) =>
        {
            try
            {
                foreach (string problem in await problemsOf(item, token))
                    problems.Enqueue(problem);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException)
            {
                for (int i = 0; i < writesOf(item); i++)
                    problems.Enqueue($"{item}: {e.GetType().Name}: {e.Message}");
            }
        });
        int recorded = items.Sum(writesOf);
        var result = new CheckResult(check, recorded, recorded - problems.Count, [.. problems]);
        Console.WriteLine($"  {check}: {result.Verified}/{result.Recorded} verified");
        foreach (string problem in result.Problems)
            Console.Error.WriteLine($"    not verified: {problem}");
        return result;
    }
}
