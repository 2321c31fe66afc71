using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>Sessions of an agent and the interactions logged in them (Ingestion.Api).</summary>
public sealed class SessionsClient
{
    private readonly PlatformHttp _http;

    internal SessionsClient(PlatformHttp http) => _http = http;

    public Task<SessionResponse> StartAsync(CreateSessionRequest session, CancellationToken ct = default) =>
        _http.SendAsync<SessionResponse>(HttpMethod.Post, "/v1/sessions", session, ct);

    public Task<SessionResponse> GetAsync(Guid id, CancellationToken ct = default) =>
        _http.SendAsync<SessionResponse>(HttpMethod.Get, $"/v1/sessions/{id}", null, ct);

    /// <summary>Ends an active session (Completed or Abandoned); one already ended throws
    /// <see cref="AgentPlatformConflictException"/> (409).</summary>
    public Task<SessionResponse> EndAsync(Guid id, SessionStatus status = SessionStatus.Completed, CancellationToken ct = default) =>
        _http.SendAsync<SessionResponse>(HttpMethod.Post, $"/v1/sessions/{id}/end" + Paging.Query(("status", status)), null, ct);

    /// <summary>Logs one step of an active session (409 once it ended).</summary>
    public Task<InteractionResponse> LogInteractionAsync(Guid sessionId, InteractionRequest interaction, CancellationToken ct = default) =>
        _http.SendAsync<InteractionResponse>(HttpMethod.Post, $"/v1/sessions/{sessionId}/interactions", interaction, ct);

    /// <summary>Up to 500 interactions, all or nothing.</summary>
    public Task<IReadOnlyList<InteractionResponse>> LogInteractionsAsync(Guid sessionId, IReadOnlyList<InteractionRequest> interactions, CancellationToken ct = default) =>
        _http.SendAsync<IReadOnlyList<InteractionResponse>>(HttpMethod.Post, $"/v1/sessions/{sessionId}/interactions/batch", new InteractionBatchRequest(interactions), ct);

    /// <summary>Every interaction of the session, newest first.</summary>
    public IAsyncEnumerable<InteractionResponse> ListInteractionsAsync(Guid sessionId, int pageSize = Paging.DefaultPageSize, CancellationToken ct = default) =>
        Paging.AllAsync((offset, token) => _http.SendAsync<Page<InteractionResponse>>(HttpMethod.Get,
            $"/v1/sessions/{sessionId}/interactions" + Paging.Query(("offset", offset), ("limit", pageSize)), null, token), ct);

    /// <summary>Every session of the agent newest first, optionally started within [from, to] and of one status.</summary>
    public IAsyncEnumerable<SessionResponse> ListForAgentAsync(string agentId, DateTimeOffset? from = null, DateTimeOffset? to = null,
        SessionStatus? status = null, int pageSize = Paging.DefaultPageSize, CancellationToken ct = default) =>
        Paging.AllAsync((offset, token) => _http.SendAsync<Page<SessionResponse>>(HttpMethod.Get,
            $"/v1/agents/{Paging.Segment(agentId)}/sessions" + Paging.Query(("from", from), ("to", to), ("status", status), ("offset", offset), ("limit", pageSize)),
            null, token), ct);
}
