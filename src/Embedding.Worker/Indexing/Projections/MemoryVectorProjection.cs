using AgentPlatform.Chunking;
using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.Knowledge;
using AgentPlatform.Ports;
using AgentPlatform.Search;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentPlatform.EmbeddingWorker.Indexing.Projections;

/// <summary>Each message embedded into the tenant's memory collection in passages of about a sentence
/// (<see cref="IndexingOptions.MemoryChunkTokens"/>, ids "messageId:n"), each read behind the message's speaker the way a
/// knowledge chunk is read behind its title (<see cref="ConversationDocuments.Heading"/>). A turn often holds several
/// facts ("I went to a counselling workshop; I'm thinking of working with trans people"), and one vector for all of them
/// matches a question about any one of them less well than that sentence's own vector does; the search ranks a message
/// by its best passage. Agent, session, user, role (as a tag) and time go in the metadata for filters. While the
/// tenant's searches still read another model's memory collection, every write and delete reaches that one too,
/// embedded with that model (a message queued again by the move is written there again, unchanged).</summary>
public sealed class MemoryVectorProjection(
    [FromKeyedServices(VectorIndexKeys.Memory)] IVectorIndex memory,
    IVectorCollections collections,
    TenantVectorModels models,
    EmbeddingGenerators generators,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ITextTokenizer tokenizer,
    IOptions<IndexingOptions> options) : IMessageProjection
{
    private readonly TextChunker _chunker = new(tokenizer, new ChunkingOptions { MaxTokens = options.Value.MemoryChunkTokens, OverlapTokens = 0 });

    public string Name => "vectors";

    public async Task UpsertAsync(string tenantId, IReadOnlyList<ConversationMessage> messages, CancellationToken ct)
    {
        var state = await models.EnsureAsync(tenantId, ct);
        var chunked = new List<(ConversationMessage Message, string Heading, IReadOnlyList<KnowledgeChunk> Chunks)>(messages.Count);
        foreach (var m in messages)
        {
            ct.ThrowIfCancellationRequested();
            var heading = ConversationDocuments.Heading(m);
            chunked.Add((m, heading, _chunker.Chunk(heading, m.Content)));
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
            [.. chunked.SelectMany(c => _chunker.EmbeddedTexts(c.Heading, c.Message.Content, c.Chunks))], cancellationToken: ct);
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
