using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Each message embedded into the tenant's memory collection: chunked when long (ids "messageId:n"), read
/// the way a knowledge entry is read with its title: behind a heading that holds the turns before it in the session
/// (<see cref="IndexingOptions.MemoryContextTurns"/>, each cut to <see cref="ConversationDocuments.ContextTurnLength"/>
/// characters) and its speaker (<see cref="ConversationDocuments.Heading"/>), since a reply such as "yes, yesterday"
/// means little alone. Agent, session, user, role (as a tag) and time go in the metadata for filters. While the
/// tenant's searches still read another model's memory collection, every write and delete reaches that one too,
/// embedded with that model (a message queued again by the move is written there again, unchanged).</summary>
public sealed class MemoryVectorProjection(
    [FromKeyedServices(VectorIndexKeys.Memory)] IVectorIndex memory,
    IVectorCollections collections,
    TenantVectorModels models,
    EmbeddingGenerators generators,
    IConversationHistory conversations,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    TextChunker chunker,
    IOptions<IndexingOptions> options) : IMessageProjection
{
    public string Name => "vectors";

    public async Task UpsertAsync(string tenantId, IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var state = await models.EnsureAsync(tenantId, ct);
        var turns = options.Value.MemoryContextTurns;
        var chunked = new List<(ConversationMessage Message, string Heading, IReadOnlyList<KnowledgeChunk> Chunks)>(messages.Count);
        foreach (var m in messages)
        {
            var before = turns == 0 ? null : (await conversations.GetNeighboursAsync(tenantId, m.SessionId, m.Id, turns, ct))?.Before;
            var heading = ConversationDocuments.Heading(m, before ?? []);
            chunked.Add((m, heading, chunker.Chunk(heading, m.Content)));
        }
        await WriteAsync(memory, embeddings, tenantId, chunked, ct);
        if (state.Active != models.Configured)
            await WriteAsync(collections.Memory(state.Active), generators.For(state.Active), tenantId, chunked, ct);
    }

    public async Task DeleteAsync(string tenantId, IReadOnlyList<Guid> messageIds, CancellationToken ct)
    {
        var state = await models.EnsureAsync(tenantId, ct);
        await memory.DeleteChunksFromAsync(tenantId, [.. messageIds.Select(id => (id, 0))], ct);
        if (state.Active != models.Configured)
            await collections.Memory(state.Active).DeleteChunksFromAsync(tenantId, [.. messageIds.Select(id => (id, 0))], ct);
    }

    private async Task WriteAsync(IVectorIndex index, IEmbeddingGenerator<string, Embedding<float>> generator, string tenantId,
        List<(ConversationMessage Message, string Heading, IReadOnlyList<KnowledgeChunk> Chunks)> chunked, CancellationToken ct)
    {
        var generated = await generator.GenerateAsync(
            [.. chunked.SelectMany(c => chunker.EmbeddedTexts(c.Heading, c.Message.Content, c.Chunks))], cancellationToken: ct);
        var records = new List<VectorRecord>(generated.Count);
        var next = 0;
        foreach (var (message, _, chunks) in chunked)
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
        await index.UpsertAsync(tenantId, records, ct);
        // An edit may have shortened the message: its chunks past the new end go.
        await index.DeleteChunksFromAsync(tenantId, [.. chunked.Select(c => (c.Message.Id, c.Chunks.Count))], ct);
    }
}
