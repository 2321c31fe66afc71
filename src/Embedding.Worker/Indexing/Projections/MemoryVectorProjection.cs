using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Each message embedded into the tenant's memory collection: chunked when long (ids "messageId:n"), read
/// the way a knowledge entry is read with its title: behind a heading that holds the turns before it in the session
/// (<see cref="IndexingOptions.MemoryContextTurns"/>, each cut to <see cref="ConversationDocuments.ContextTurnLength"/>
/// characters) and its speaker (<see cref="ConversationDocuments.Heading"/>), since a reply such as "yes, yesterday"
/// means little alone. Agent, session, user, role (as a tag) and time go in the metadata for filters.</summary>
public sealed class MemoryVectorProjection(
    [FromKeyedServices(VectorIndexKeys.Memory)] IVectorIndex memory,
    IConversationHistory conversations,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TextChunker chunker,
    IOptions<IndexingOptions> options) : IMessageProjection
{
    public string Name => "vectors";

    public async Task UpsertAsync(string tenantId, IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var turns = options.Value.MemoryContextTurns;
        var chunked = new List<(ConversationMessage Message, IReadOnlyList<KnowledgeChunk> Chunks)>(messages.Count);
        foreach (var m in messages)
        {
            var before = turns == 0 ? null : (await conversations.GetNeighboursAsync(tenantId, m.SessionId, m.Id, turns, ct))?.Before;
            chunked.Add((m, chunker.Chunk(ConversationDocuments.Heading(m, before ?? []), m.Content)));
        }
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
        // An edit may have shortened the message: its chunks past the new end go.
        await memory.DeleteChunksFromAsync(tenantId, [.. chunked.Select(c => (c.Message.Id, c.Chunks.Count))], ct);
    }

    public Task DeleteAsync(string tenantId, IReadOnlyList<Guid> messageIds, CancellationToken ct) =>
        memory.DeleteChunksFromAsync(tenantId, [.. messageIds.Select(id => (id, 0))], ct);
}
