using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using AgentPlatform.Ports;
using AgentPlatform.Storage.Vectors.Chroma;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// The platform beside a peer on the same data: the chunks the worker stored in Chroma, with the vectors it embedded
/// once, are loaded into LanceDB (bench/peers/server.mjs: its full-text index with defaults, exact vector search, its
/// RRF hybrid), and the same queries go to Search.Api and to the peer over HTTP. Each side embeds its query with the
/// same model and the same query precision (Search.Api inside, the bench for the peer with the generator's defaults, timed as part of the peer's request). The peer returns chunks,
/// 50 per query (the platform's candidate depth); its documents are ranked by their first chunk.
/// </summary>
internal static class PeersBenchmark
{
    private const int HitsKept = 10;
    private const int PeerChunks = 50;

    private sealed record QualityRow(string Mode, double PlatformNdcg10, double PeerNdcg10, int PlatformFailed, int PeerFailed);

    private sealed record LatencyRow(string Mode, int Clients, ClosedLoop.Row Platform, ClosedLoop.Row Peer, double? PeerP50OverPlatform, double? PlatformThroughputOverPeer);

    public static async Task RunAsync(PeersOptions options, CancellationToken ct)
    {
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        IReadOnlyDictionary<string, string> queryTexts = await dataset.ReadQueriesAsync();
        IReadOnlyDictionary<string, Dictionary<string, int>> qrels = await dataset.ReadTestQrelsAsync();
        var testQueries = qrels.Where(q => queryTexts.ContainsKey(q.Key)).Select(q => (Id: q.Key, Text: queryTexts[q.Key])).ToList();
        string[] queries = [.. queryTexts.Values];

        await using LocalStack stack = LocalStack.OpenIngested(options.DataDirectory);
        await stack.StartChromaAsync(ct);
        string loadBefore = BenchEnvironment.LoadAverage();
        var (rows, corpusIdOf) = await ReadCorpusAsync(stack, ct);
        Console.WriteLine($"{rows.Count} chunks of {corpusIdOf.Count} documents from {stack.DataDirectory}; loading them into LanceDB...");
        ServiceProcess peer = await stack.StartLanceDbPeerAsync(ct);
        using var peerClient = new LanceDbPeerClient(peer.Address);
        await peerClient.LoadAsync(rows, ct);

        ServiceProcess searchApi = await stack.StartServiceAsync(LocalStack.SearchApi, ct, LatencyBenchmark.SearchSettings());
        using PlatformClient platform = stack.Client(searchApi);
        using var generator = new OnnxEmbeddingGenerator();
        async Task<LanceDbPeerClient.SearchAnswer> PeerSearchAsync(string mode, string query, CancellationToken token) =>
            await peerClient.SearchAsync(mode, query, await generator.GenerateVectorAsync(query, EmbeddingInput.Query(), token), PeerChunks, token);

        var quality = new List<QualityRow>();
        foreach (string mode in options.Modes)
        {
            var platformScores = new List<double>();
            var peerScores = new List<double>();
            int platformFailed = 0, peerFailed = 0;
            using var progress = new ProgressLine($"{mode} queries (both sides)", testQueries.Count);
            foreach (var (id, text) in testQueries)
            {
                try
                {
                    SearchResponse response = await platform.SearchAsync(text, mode, HitsKept, ct);
                    platformScores.Add(RetrievalMetrics.Score([.. response.Hits.Select(h => corpusIdOf.GetValueOrDefault(h.EntryId, ""))], qrels[id]).Ndcg10);
                }
                catch (HttpRequestException)
                {
                    platformFailed++;
                    platformScores.Add(0);
                }
                try
                {
                    LanceDbPeerClient.SearchAnswer answer = await PeerSearchAsync(mode, text, ct);
                    peerScores.Add(RetrievalMetrics.Score([.. answer.Hits.Select(h => h.Doc)], qrels[id]).Ndcg10);
                }
                catch (HttpRequestException)
                {
                    peerFailed++;
                    peerScores.Add(0);
                }
                progress.Report(platformScores.Count);
            }
            quality.Add(new QualityRow(mode, Math.Round(platformScores.Average(), 4), Math.Round(peerScores.Average(), 4), platformFailed, peerFailed));
        }

        var latency = new List<LatencyRow>();
        var warmUp = TimeSpan.FromSeconds(options.WarmUpSeconds);
        var duration = TimeSpan.FromSeconds(options.Seconds);
        foreach (string mode in options.Modes)
        {
            foreach (int clients in options.Clients)
            {
                ClosedLoop.Row ours = await ClosedLoop.RunAsync(mode, clients, queries, warmUp, duration, async (query, token) =>
                {
                    SearchResponse response = await platform.SearchAsync(query, mode, HitsKept, token);
                    return new ClosedLoop.Answer(response.TookMs, response.Warnings.Count > 0);
                }, ct);
                ClosedLoop.Row theirs = await ClosedLoop.RunAsync(mode, clients, queries, warmUp, duration, async (query, token) =>
                    new ClosedLoop.Answer((await PeerSearchAsync(mode, query, token)).TookMs, false), ct);
                var row = new LatencyRow(mode, clients, ours, theirs,
                    ours.P50Ms is > 0 && theirs.P50Ms is { } p50 ? Math.Round(p50 / ours.P50Ms.Value, 2) : null,
                    theirs.RequestsPerSecond > 0 ? Math.Round(ours.RequestsPerSecond / theirs.RequestsPerSecond, 2) : null);
                Console.WriteLine($"  {mode} x{clients}: platform p50 {F(ours.P50Ms, 1)} ms {ours.RequestsPerSecond:F1} req/s, LanceDB p50 {F(theirs.P50Ms, 1)} ms {theirs.RequestsPerSecond:F1} req/s");
                latency.Add(row);
            }
        }

        var qualityTable = new ResultTable("mode", "platform nDCG@10", "LanceDB nDCG@10", "platform - LanceDB", "failed (platform/LanceDB)");
        foreach (QualityRow q in quality)
            qualityTable.Add(q.Mode, F(q.PlatformNdcg10, 4), F(q.PeerNdcg10, 4), F(q.PlatformNdcg10 - q.PeerNdcg10, 4), $"{q.PlatformFailed}/{q.PeerFailed}");
        qualityTable.Print();
        var latencyTable = new ResultTable("mode", "clients", "platform p50 / p95 ms", "platform req/s", "LanceDB p50 / p95 ms", "LanceDB req/s",
            "LanceDB p50 ÷ platform p50", "platform req/s ÷ LanceDB req/s", "errors (platform/LanceDB)");
        foreach (LatencyRow l in latency)
            latencyTable.Add(l.Mode, F(l.Clients), $"{F(l.Platform.P50Ms, 1)} / {F(l.Platform.P95Ms, 1)}", F(l.Platform.RequestsPerSecond, 1),
                $"{F(l.Peer.P50Ms, 1)} / {F(l.Peer.P95Ms, 1)}", F(l.Peer.RequestsPerSecond, 1), F(l.PeerP50OverPlatform, 2), F(l.PlatformThroughputOverPeer, 2),
                $"{l.Platform.Errors}/{l.Peer.Errors}");
        latencyTable.Print();
        string summary = $"""
            - data: {rows.Count} chunks of {corpusIdOf.Count} {dataset.Name} documents, the worker's chunks and all-MiniLM-L6-v2 vectors from the data directory's Chroma, loaded unchanged into LanceDB 0.31.0 (full-text index Index.fts() on the chunk text, exact cosine vector search, hybrid = its RRFReranker); the platform searches its own stores (hybrid of semantic and full text by score fusion, its defaults)
            - quality: the {testQueries.Count} test queries, 10 hits per query (the peer's first 50 chunks reduced to their documents)
            - latency: closed loops, {options.Seconds} s measured per row after {options.WarmUpSeconds} s of warm-up, platform first then peer; each request embeds its query (Search.Api inside, with its cache off; the bench in-process for the peer, counted in the peer's time)
            - load average (1/5/15 min): before {loadBefore}, at the end {BenchEnvironment.LoadAverage()} (the machine is shared with other work; figures from a loaded machine are provisional)
            """;
        Console.WriteLine(summary);
        await ResultFiles.WriteAsync(options.ResultsDirectory, $"peers-{dataset.Name}-{BenchEnvironment.MachineName}", new
        {
            Benchmark = "peers",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            Chunks = rows.Count,
            Peer = "@lancedb/lancedb 0.31.0, apache-arrow 18.1.0",
            MeasuredAt = DateTimeOffset.UtcNow,
            Quality = quality,
            Latency = latency,
        }, $"""
            # The platform beside LanceDB: {dataset.Name}

            Same chunks, same vectors, same queries, one run. Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, shared with other
            work; the load generator and both servers run on it), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.

            {qualityTable.ToMarkdown()}
            {latencyTable.ToMarkdown()}
            {summary}
            """);
    }

    /// <summary>The worker's chunks and vectors from Chroma, each named by its document's corpus id (the entry's source
    /// in the document store); the stores are closed again before this returns.</summary>
    private static async Task<(IReadOnlyList<LanceDbPeerClient.Row> Rows, IReadOnlyDictionary<Guid, string> CorpusIdOf)> ReadCorpusAsync(LocalStack stack, CancellationToken ct)
    {
        using IHost stores = await stack.OpenSearchStoresAsync(ct);
        IReadOnlyList<IndexReplication.StoredChunk> chunks = await IndexReplication.ReadChunksAsync(stores.Services.GetRequiredService<ChromaClient>(),
            stores.Services.GetRequiredService<ChromaVectorIndexOptions>(), ct);
        var documents = stores.Services.GetRequiredService<IKnowledgeDocumentStore>();
        var corpusIdOf = new Dictionary<Guid, string>();
        foreach (Guid[] entryIds in chunks.Select(c => c.EntryId).Distinct().Chunk(IKnowledgeDocumentStore.MaxEntriesPerGet))
        {
            foreach (KnowledgeDocument document in await documents.GetManyAsync(LocalStack.TenantId, entryIds, ct))
            {
                if (document.Source is { } source)
                    corpusIdOf[document.EntryId] = source;
            }
        }
        LanceDbPeerClient.Row[] rows = [.. chunks.Where(c => corpusIdOf.ContainsKey(c.EntryId))
            .Select(c => new LanceDbPeerClient.Row($"{c.EntryId:N}:{c.ChunkIndex}", corpusIdOf[c.EntryId], c.Text, c.Embedding))];
        return (rows, corpusIdOf);
    }
}
