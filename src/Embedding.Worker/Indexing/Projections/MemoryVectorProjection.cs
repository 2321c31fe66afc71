using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.AI;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Each message embedded into the tenant's memory collection: chunked when long (ids "messageId:n"), each
/// chunk prefixed with its speaker (<see cref="ConversationDocuments.Speaker"/>) the way a knowledge chunk keeps its
/// title, with agent, session, user, role (as a tag) and time in the metadata for filters.</summary>
public sealed class MemoryVectorProjection(
    [FromKeyedServices(VectorIndexKeys.Memory)] IVectorIndex memory,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TextChunker chunker) : IMessageProjection
{
    public string Name => "vectors";

    public async Task UpsertAsync(string tenantId, IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var chunked = messages.Select(m => (Message: m, Chunks: chunker.Chunk(ConversationDocuments.Speaker(m), m.Content))).ToList();
        var generated = await embeddings.GenerateAsync([.. chunked.SelectMany(c => c.Chunks.Select(k => k.Text))], cancellationToken: ct);
        var records = new List<VectorRecord>(generated.Count);
        var next = 0;
        foreach (var (message, chunks) in chunked)
        {
            foreach (var chunk in chunks)
            {
                records.Add(new VectorRecord
                {
                    Id = VectorRecord.ChunkId(message.Id, chunk.Index),
                    EntryId = message.Id,
                    ChunkIndex = chunk.Index,
                    Text = chunk.Text,
                    Embedding = generated[next++].Vector,
                    Tags = [ConversationDocuments.RoleTag(message.Role)],
                    AgentId = message.AgentId,
                    SessionId = message.SessionId.ToString("D"),
                    UserId = message.UserId,
                    CreatedAt = message.CreatedAt,
                });
            }
        }
        await memory.UpsertAsync(tenantId, records, ct);
        // Messages are never edited, so a message keeps its chunk count: no stale chunks to remove.
    }
}
