using System.Runtime.CompilerServices;
using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

/// <summary>The messages of a session's conversation (Ingestion.Api) and full-text search over them (Search.Api).</summary>
public sealed class ConversationsClient
{
    private readonly PlatformHttp _ingestion;
    private readonly PlatformHttp _search;

    internal ConversationsClient(PlatformHttp ingestion, PlatformHttp search) => (_ingestion, _search) = (ingestion, search);

    public Task<MessageResponse> AppendAsync(Guid sessionId, MessageRequest message, CancellationToken ct = default) =>
        _ingestion.SendAsync<MessageResponse>(HttpMethod.Post, $"/v1/sessions/{sessionId}/messages", message, ct);

    /// <summary>Up to 500 messages, kept in the order given.</summary>
    public Task<IReadOnlyList<MessageResponse>> AppendBatchAsync(Guid sessionId, IReadOnlyList<MessageRequest> messages, CancellationToken ct = default) =>
        _ingestion.SendAsync<IReadOnlyList<MessageResponse>>(HttpMethod.Post, $"/v1/sessions/{sessionId}/messages/batch", new MessageBatchRequest(messages), ct);

    /// <summary>One page of the history, newest first: the newest messages without a cursor, else those older than
    /// <paramref name="before"/> (a previous page's NextBefore).</summary>
    public Task<MessagePage> GetPageAsync(Guid sessionId, Guid? before = null, int limit = Paging.DefaultPageSize, CancellationToken ct = default) =>
        _ingestion.SendAsync<MessagePage>(HttpMethod.Get, $"/v1/sessions/{sessionId}/messages" + Paging.Query(("before", before), ("limit", limit)), null, ct);

    /// <summary>The whole history newest first, page by page along the cursor.</summary>
    public async IAsyncEnumerable<MessageResponse> HistoryAsync(Guid sessionId, int pageSize = Paging.DefaultPageSize, [EnumeratorCancellation] CancellationToken ct = default)
    {
        Guid? before = null;
        do
        {
            var page = await GetPageAsync(sessionId, before, pageSize, ct);
            foreach (var message in page.Items) yield return message;
            before = page.NextBefore;
        }
        while (before is not null);
    }

    /// <summary>Full-text search over the tenant's messages, best first.</summary>
    public Task<ConversationSearchResponse> SearchAsync(ConversationSearchRequest request, CancellationToken ct = default) =>
        _search.SendAsync<ConversationSearchResponse>(HttpMethod.Post, "/v1/conversations/search", request, ct);
}
