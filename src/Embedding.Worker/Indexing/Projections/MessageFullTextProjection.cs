using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Search;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Each message as a document of the full-text "conversations" index, id = message id.</summary>
public sealed class MessageFullTextProjection(IFullTextIndex fullText) : IMessageProjection
{
    public string Name => "fulltext";

    public Task UpsertAsync(string tenantId, IReadOnlyList<ConversationMessage> messages, CancellationToken ct) =>
        fullText.IndexAsync(FullTextIndexName.Conversations, [.. messages.Select(ConversationDocuments.ToFullTextDocument)], ct);
}
