using AgentPlatform.Contracts;
using System.Text.Json;

namespace AgentPlatform.Bench;

internal enum LoadOperation { Ingest, SearchHybrid, SearchSemantic, SearchFullText, SessionStart, Interaction, Message, StatePut }

/// <summary>The answer to one load request: its HTTP status, the ProblemDetails title and detail when it failed, and
/// whether a search answered with warnings (an engine timed out or failed, the other's hits came back).</summary>
internal sealed record OperationOutcome(int Status, string? Title, string? Detail, bool Warned)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public static OperationOutcome From<T>(ApiResult<T> result, bool warned = false) =>
        new(result.Status, result.ProblemTitle, result.ProblemDetail, warned);
}

internal sealed record CreatedRecord(Guid Id);
internal sealed record AgentStateBody(long Version, JsonElement Data);
internal sealed record PageBody<T>(IReadOnlyList<T> Items, long Total);

/// <summary>An accepted knowledge write and the token its content carries.</summary>
internal sealed record IngestedEntry(Guid Id, string Token);

/// <summary>The last accepted write of a client's agent state: the version the API assigned and the step it carried.</summary>
internal sealed record StateWrite(string AgentId, long Version, int Step);

/// <summary>
/// One simulated client of the load: a closed loop that picks its next operation by weight (ingest 20%, search 60%
/// split over the three modes, memory writes 20%) and records every write the platform accepted, for the lost-write
/// check afterwards. A client has its own agent (so its state updates never race another client's If-Match) and
/// keeps one session open for its interactions and messages until it starts a new one. Not thread-safe: one loop per client.
/// </summary>
internal sealed class LoadClient(int index, string runId, PlatformClient ingestion, PlatformClient search)
{
    public const string StateType = "memory";
    public const int SearchLimit = 10;

    private static readonly (LoadOperation Operation, int Weight)[] Mix =
    [
        (LoadOperation.Ingest, 20),
        (LoadOperation.SearchHybrid, 20), (LoadOperation.SearchSemantic, 20), (LoadOperation.SearchFullText, 20),
        (LoadOperation.SessionStart, 2), (LoadOperation.Interaction, 7), (LoadOperation.Message, 7), (LoadOperation.StatePut, 4),
    ];

    private static readonly int TotalWeight = Mix.Sum(m => m.Weight);
    private static readonly string[] InteractionTypes = ["query", "response", "toolCall", "observation", "feedback"];
    private static readonly string[] MessageRoles = ["user", "assistant", "system", "tool"];

    private readonly Random _random = new(HashCode.Combine(runId, index));
    private readonly string _source = $"load-{runId}";
    private Guid? _session;
    private string? _stateETag;

    public string AgentId { get; } = $"load-{runId}-{index}";
    public List<IngestedEntry> Entries { get; } = [];
    public List<Guid> Sessions { get; } = [];
    public Dictionary<Guid, List<Guid>> Interactions { get; } = [];
    public Dictionary<Guid, List<Guid>> Messages { get; } = [];
    public StateWrite? LastState { get; private set; }

    /// <summary>Knowledge posts answered 200 (the same title and content existed): the generated content should make this 0.</summary>
    public int Duplicates { get; private set; }

    public static string Name(LoadOperation operation) => operation switch
    {
        LoadOperation.Ingest => "ingest",
        LoadOperation.SearchHybrid => "search hybrid",
        LoadOperation.SearchSemantic => "search semantic",
        LoadOperation.SearchFullText => "search fulltext",
        LoadOperation.SessionStart => "session start",
        LoadOperation.Interaction => "interaction",
        LoadOperation.Message => "message",
        LoadOperation.StatePut => "state put",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static string Group(LoadOperation operation) => operation switch
    {
        LoadOperation.Ingest => "ingest",
        LoadOperation.SearchHybrid or LoadOperation.SearchSemantic or LoadOperation.SearchFullText => "search",
        _ => "memory",
    };

    /// <summary>The next operation by weight; an interaction or message before the client has a session starts one instead.</summary>
    public LoadOperation Next()
    {
        int roll = _random.Next(TotalWeight);
        LoadOperation next = Mix[^1].Operation;
        foreach ((LoadOperation operation, int weight) in Mix)
        {
            if (roll < weight)
            {
                next = operation;
                break;
            }
            roll -= weight;
        }
        return Feasible(next);
    }

    /// <summary>The operation, or a session start when it is an interaction or message and the client has no session yet.</summary>
    public LoadOperation Feasible(LoadOperation operation) =>
        operation is LoadOperation.Interaction or LoadOperation.Message && _session is null ? LoadOperation.SessionStart : operation;

    public async Task<OperationOutcome> ExecuteAsync(LoadOperation operation, CancellationToken ct) => operation switch
    {
        LoadOperation.Ingest => await IngestAsync(ct),
        LoadOperation.SearchHybrid => await SearchAsync("hybrid", ct),
        LoadOperation.SearchSemantic => await SearchAsync("semantic", ct),
        LoadOperation.SearchFullText => await SearchAsync("fulltext", ct),
        LoadOperation.SessionStart => await StartSessionAsync(ct),
        LoadOperation.Interaction => await AddInteractionAsync(ct),
        LoadOperation.Message => await AddMessageAsync(ct),
        LoadOperation.StatePut => await PutStateAsync(ct),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    private async Task<OperationOutcome> IngestAsync(CancellationToken ct)
    {
        string token = LoadText.Token(_random);
        ApiResult<KnowledgeEntrySummary> result = await ingestion.ExchangeAsync<KnowledgeEntrySummary>(
            HttpMethod.Post, "v1/knowledge", LoadText.Entry(_random, token, _source), ifMatch: null, ct);
        if (result is { IsSuccess: true, Body: { } entry })
        {
            Entries.Add(new IngestedEntry(entry.Id, token));
            if (result.Status == 200)
                Duplicates++;
        }
        return OperationOutcome.From(result);
    }

    /// <summary>A generated query; one search in four is filtered by a category.</summary>
    private async Task<OperationOutcome> SearchAsync(string mode, CancellationToken ct)
    {
        object? filters = _random.Next(4) == 0 ? new { category = LoadText.Pick(_random, LoadText.Categories) } : null;
        ApiResult<SearchResponse> result = await search.ExchangeAsync<SearchResponse>(
            HttpMethod.Post, "v1/search", new { query = LoadText.Query(_random), mode, limit = SearchLimit, filters }, ifMatch: null, ct);
        return OperationOutcome.From(result, warned: result.Body is { Warnings.Count: > 0 });
    }

    private async Task<OperationOutcome> StartSessionAsync(CancellationToken ct)
    {
        ApiResult<CreatedRecord> result = await ingestion.ExchangeAsync<CreatedRecord>(
            HttpMethod.Post, "v1/sessions", new { agentId = AgentId, userId = $"user-{index}", metadata = new { run = runId } }, ifMatch: null, ct);
        if (result is { IsSuccess: true, Body: { } session })
        {
            _session = session.Id;
            Sessions.Add(session.Id);
        }
        return OperationOutcome.From(result);
    }

    private async Task<OperationOutcome> AddInteractionAsync(CancellationToken ct)
    {
        Guid session = _session!.Value;
        ApiResult<CreatedRecord> result = await ingestion.ExchangeAsync<CreatedRecord>(HttpMethod.Post, $"v1/sessions/{session}/interactions", new
        {
            type = LoadText.Pick(_random, InteractionTypes),
            input = LoadText.Sentence(_random),
            output = LoadText.Sentence(_random),
            intent = LoadText.Intent(_random),
            processingTimeMs = _random.Next(5, 3000),
        }, ifMatch: null, ct);
        Record(Interactions, session, result);
        return OperationOutcome.From(result);
    }

    private async Task<OperationOutcome> AddMessageAsync(CancellationToken ct)
    {
        Guid session = _session!.Value;
        ApiResult<CreatedRecord> result = await ingestion.ExchangeAsync<CreatedRecord>(HttpMethod.Post, $"v1/sessions/{session}/messages",
            new { role = LoadText.Pick(_random, MessageRoles), content = LoadText.Sentence(_random) }, ifMatch: null, ct);
        Record(Messages, session, result);
        return OperationOutcome.From(result);
    }

    /// <summary>Creates the client's agent state (no If-Match), then replaces it with If-Match set to the last ETag.</summary>
    private async Task<OperationOutcome> PutStateAsync(CancellationToken ct)
    {
        int step = (LastState?.Step ?? 0) + 1;
        ApiResult<AgentStateBody> result = await ingestion.ExchangeAsync<AgentStateBody>(HttpMethod.Put, $"v1/agents/{AgentId}/state/{StateType}",
            new { step, summary = LoadText.Sentence(_random) }, _stateETag, ct);
        if (result is { IsSuccess: true, Body: { } state })
        {
            LastState = new StateWrite(AgentId, state.Version, step);
            _stateETag = result.ETag;
        }
        return OperationOutcome.From(result);
    }

    private static void Record(Dictionary<Guid, List<Guid>> written, Guid session, ApiResult<CreatedRecord> result)
    {
        if (result is not { IsSuccess: true, Body: { } created })
            return;
        if (!written.TryGetValue(session, out List<Guid>? ids))
            written[session] = ids = [];
        ids.Add(created.Id);
    }
}
