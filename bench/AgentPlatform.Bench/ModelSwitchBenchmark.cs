using System.Diagnostics;
using System.Numerics.Tensors;
using AgentPlatform.Bench.Commands;
using AgentPlatform.Chunking;
using AgentPlatform.Contracts;
using AgentPlatform.Domain;
using AgentPlatform.Embeddings;
using Microsoft.Extensions.AI;
using static AgentPlatform.Bench.Format;
using ExplainedHit = AgentPlatform.Contracts.SearchHit;
using ExplainedSearch = AgentPlatform.Contracts.SearchResponse;

namespace AgentPlatform.Bench;

/// <summary>
/// A model change on a running deployment: the corpus is ingested with one model; then a Search.Api on the new model
/// takes over from the old one and the worker is restarted on it, as a redeploy would do. From the worker's restart
/// until the tenant's searches have switched (GET /v1/ingestion/status says the new model is active) and its old
/// collections are deleted, one semantic search a second is sent; each answer is checked hit by hit: its raw
/// similarity must be the cosine of the query and the hit's chunk under one model, the same model for every hit.
/// </summary>
internal static class ModelSwitchBenchmark
{
    private const int ProbeQueries = 10;
    /// <summary>Search.Api's name of the semantic engine in a hit's explain.</summary>
    private const string SemanticEngine = "semantic";
    private const int HitsPerProbe = 5;
    /// <summary>Raw similarities travel rounded by float arithmetic in two processes: a hit is of a model when its
    /// score is that model's cosine to this many decimals.</summary>
    private const int ScoreDecimals = 3;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    /// <summary>Probes after the switch, to see every answer come from the new model.</summary>
    private static readonly TimeSpan AfterSwitch = TimeSpan.FromSeconds(5);

    private enum Answer { Old, New, Mixed, Empty, Failed }

    private sealed record Probe(double AtSeconds, string Query, Answer Answer, string? Error);

    public static async Task RunAsync(ModelSwitchOptions options, CancellationToken ct)
    {
        EmbeddingModel from = Registered(options.From ?? EmbeddingModels.Default.Id, "--model");
        EmbeddingModel to = Registered(options.To, "--to");
        if (from == to)
            throw new UsageException($"--to names the model the corpus is ingested with ({from.Id}): a switch needs another.");
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        IReadOnlyList<BeirDocument> documents = await dataset.ReadCorpusAsync(options.Limit);
        string[] queries = [.. (await dataset.ReadQueriesAsync()).Values.Take(ProbeQueries)];

        await using LocalStack stack = LocalStack.Open(options.DataDirectory);
        stack.EmbeddingModel = from.Id;
        Console.WriteLine($"{dataset.Name}: {documents.Count} documents with {from.Id}, then a switch to {to.Id}; stores in {stack.DataDirectory}.");
        var (chroma, api, worker) = await stack.StartIngestionAsync(ct);
        ServiceProcess search = await stack.StartServiceAsync(LocalStack.SearchApi, ct);
        using PlatformClient ingestion = stack.Client(api);
        CorpusIngestionResult ingested = await CorpusIngestion.RunAsync(ingestion, documents, d => CorpusIngestion.ToEntry(d, "scifact"), [chroma, api, worker], ct);
        Console.WriteLine($"Ingested {ingested.Created} entries with {from.Id} in {ingested.TotalSeconds:F1} s ({ingested.Duplicates} already stored).");
        // Every entry of the corpus is re-embedded, whether this run or an earlier one (--data-dir) ingested it.
        int entries = ingested.Created + ingested.Duplicates;

        using var generators = new ModelPair(from, to);
        var probes = new List<Probe>();
        var clock = Stopwatch.StartNew();
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        PlatformClient searchClient = stack.Client(search);
        Task prober = ProbeAsync(() => searchClient, queries, generators, probes, clock, probing.Token);

        // The redeploy: Search.Api on the new model first (the old one serves until it answers), then the worker.
        stack.EmbeddingModel = to.Id;
        ServiceProcess newSearch = await stack.StartServiceAsync(LocalStack.SearchApi, ct);
        PlatformClient oldSearchClient = searchClient;
        searchClient = stack.Client(newSearch);
        await stack.StopAsync(search);
        await stack.StopAsync(worker);
        string loadBefore = BenchEnvironment.LoadAverage();
        double restartedAt = clock.Elapsed.TotalSeconds;
        worker = await stack.StartServiceAsync(LocalStack.EmbeddingWorker, ct,
            new Dictionary<string, string> { ["Worker:RetiredModelGrace"] = TimeSpan.FromSeconds(options.Grace).ToString() });
        ServiceProcess[] watched = [chroma, api, worker, newSearch];

        double? switchedAt = null;
        double? deletedAt = null;
        EmbeddingModelStatus? last = null;
        using (var progress = new ProgressLine("re-embedded", entries))
        {
            var deadline = TimeSpan.FromSeconds(restartedAt + options.Timeout);
            while (clock.Elapsed < deadline)
            {
                await Task.Delay(PollInterval, ct);
                foreach (ServiceProcess process in watched)
                    process.EnsureRunning();
                last = (await ingestion.GetIngestionStatusAsync(ct)).EmbeddingModel;
                if (last is null)
                    continue;
                if (switchedAt is null && last.Active == to.VectorSpace)
                    switchedAt = clock.Elapsed.TotalSeconds;
                progress.Report(switchedAt is null ? (int)last.EntriesReembedded : entries);
                if (switchedAt is not null && last.Retired is null)
                {
                    deletedAt = clock.Elapsed.TotalSeconds;
                    break;
                }
            }
        }
        // A few probes on the new model after the switch (or the timeout), then the probing stops.
        await Task.Delay(AfterSwitch, ct);
        await probing.CancelAsync();
        await prober;
        oldSearchClient.Dispose();
        searchClient.Dispose();
        string loadAfter = BenchEnvironment.LoadAverage();

        double? reindexSeconds = switchedAt - restartedAt;
        double? deletedSeconds = deletedAt - switchedAt;
        int Count(Answer answer, Func<Probe, bool>? where = null) => probes.Count(p => p.Answer == answer && (where?.Invoke(p) ?? true));
        bool BeforeSwitch(Probe p) => switchedAt is null || p.AtSeconds < switchedAt;
        // Search.Api reads the tenant's model at most TenantVectorModels.ReadCacheTime (1 s) late: a probe in the
        // second after the switch may still read the old collections, whole.
        bool WellAfterSwitch(Probe p) => switchedAt is not null && p.AtSeconds >= switchedAt + 1;
        var table = new ResultTable("probes", "count", "old model", "new model", "mixed", "empty", "failed");
        table.Add("before the switch", F(probes.Count(BeforeSwitch)), F(Count(Answer.Old, BeforeSwitch)), F(Count(Answer.New, BeforeSwitch)),
            F(Count(Answer.Mixed, BeforeSwitch)), F(Count(Answer.Empty, BeforeSwitch)), F(Count(Answer.Failed, BeforeSwitch)));
        table.Add("1 s or more after", F(probes.Count(WellAfterSwitch)), F(Count(Answer.Old, WellAfterSwitch)), F(Count(Answer.New, WellAfterSwitch)),
            F(Count(Answer.Mixed, WellAfterSwitch)), F(Count(Answer.Empty, WellAfterSwitch)), F(Count(Answer.Failed, WellAfterSwitch)));
        table.Print();
        string summary = $"""
            - re-embedding {entries} entries from {from.Id} to {to.Id}, worker restart to switch: **{F(reindexSeconds, 1)} s** ({F(reindexSeconds is { } s && s > 0 ? entries / s : null, 2)} entries/s){(switchedAt is null ? $"; no switch within --timeout ({options.Timeout} s), last status {last}" : "")}
            - old collections deleted {F(deletedSeconds, 1)} s after the switch (Worker:RetiredModelGrace {options.Grace} s, checked every Worker:ModelCheckInterval)
            - {probes.Count} probes (a semantic search of {HitsPerProbe} hits every {PollInterval.TotalSeconds:F0} s over {queries.Length} queries): {Count(Answer.Failed)} failed, {Count(Answer.Empty)} empty, {Count(Answer.Mixed)} mixed
            - ingest with {from.Id} (not measured here: see bench ingest): {ingested.TotalSeconds:F1} s
            - load average (1/5/15 min) at the worker's restart: {loadBefore}; at the end: {loadAfter}
            """;
        Console.WriteLine(summary);
        foreach (Probe failed in probes.Where(p => p.Error is not null).Take(5))
            Console.WriteLine($"  {failed.AtSeconds,7:F1} s '{failed.Query}': {failed.Error}");

        string name = $"model-switch-{from.Id}-to-{to.Id}-{dataset.Name}{(options.Limit is { } n ? $"-limit{n}" : "")}-{BenchEnvironment.MachineName}";
        await ResultFiles.WriteAsync(options.ResultsDirectory, name, new
        {
            Benchmark = "model-switch",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            DocumentLimit = options.Limit,
            From = from.Id,
            To = to.Id,
            MeasuredAt = DateTimeOffset.UtcNow,
            LoadAverage = new { AtRestart = loadBefore, After = loadAfter },
            Entries = entries,
            ReindexSeconds = reindexSeconds,
            OldCollectionsDeletedAfterSwitchSeconds = deletedSeconds,
            GraceSeconds = options.Grace,
            Probes = probes,
        }, $"""
            # Model switch: {from.Id} to {to.Id} on {dataset.Name}{(options.Limit is { } l ? $" (first {l} documents)" : "")}

            Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, shared with other work), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.
            Local backend (SQLite, Lucene.NET, Chroma from chroma/). The corpus is ingested with {from.Id}; Search.Api and then
            Embedding.Worker are restarted with Embeddings:Model={to.Id}. A probe is a semantic search every second; an answer
            is of a model when every hit's raw similarity is that model's cosine of the query and the hit's chunk.

            {table.ToMarkdown()}
            {summary}
            """);
    }

    private static EmbeddingModel Registered(string id, string option) => EmbeddingModels.Find(id)
        ?? throw new UsageException($"{option} {id} is no registered model ({string.Join(", ", EmbeddingModels.Registered.Select(m => m.Id))}).");

    /// <summary>One semantic search a second, cycling through the queries, until cancelled; each answer classified.</summary>
    private static async Task ProbeAsync(Func<PlatformClient> search, string[] queries, ModelPair models, List<Probe> probes, Stopwatch clock, CancellationToken ct)
    {
        for (int i = 0; !ct.IsCancellationRequested; i++)
        {
            string query = queries[i % queries.Length];
            double at = clock.Elapsed.TotalSeconds;
            Probe probe;
            try
            {
                ApiResult<ExplainedSearch> result = await search().ExchangeAsync<ExplainedSearch>(HttpMethod.Post, "v1/search",
                    new SearchRequest(query, SearchMode.Semantic, HitsPerProbe, Explain: true), ifMatch: null, ct);
                probe = !result.IsSuccess ? new Probe(at, query, Answer.Failed, $"{result.Status} {result.ProblemTitle} {result.ProblemDetail}")
                    : result.Body!.Warnings.Count > 0 ? new Probe(at, query, Answer.Failed, string.Join("; ", result.Body.Warnings))
                    : new Probe(at, query, await models.ClassifyAsync(query, result.Body.Hits, ct), null);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                probe = new Probe(at, query, Answer.Failed, e.Message);
            }
            probes.Add(probe);
            try
            {
                await Task.Delay(PollInterval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Both models in this process (one thread each), with the embeddings of queries and chunks kept: the
    /// probes repeat their queries and mostly find the same chunks.</summary>
    private sealed class ModelPair(EmbeddingModel from, EmbeddingModel to) : IDisposable
    {
        private readonly OnnxEmbeddingGenerator _from = new(new OnnxEmbeddingOptions { Model = from.Id, IntraOpThreads = 1 });
        private readonly OnnxEmbeddingGenerator _to = new(new OnnxEmbeddingOptions { Model = to.Id, IntraOpThreads = 1 });
        private readonly Dictionary<(bool New, bool Query, string Text), ReadOnlyMemory<float>> _embedded = [];
        // What the worker gave the model for the hit's chunk: a later chunk behind its entry's title. Both registered
        // models read the same BERT vocabulary, so one chunker cuts the title alike for either.
        private TextChunker? _chunker;
        private TextChunker Chunker => _chunker ??= new TextChunker(_from);

        public async Task<Answer> ClassifyAsync(string query, IReadOnlyList<ExplainedHit> hits, CancellationToken ct)
        {
            if (hits.Count == 0)
                return Answer.Empty;
            int old = 0, @new = 0;
            foreach (ExplainedHit hit in hits)
            {
                double raw = Math.Round(hit.Explain?.GetValueOrDefault(SemanticEngine)?.RawScore ?? double.NaN, ScoreDecimals);
                string chunk = hit.BestChunk ?? "";
                string embedded = Chunker.EmbeddedTexts(hit.Title, chunk, [new KnowledgeChunk(hit.BestChunkIndex ?? 0, chunk, 0, 0)])[0];
                if (Math.Round(await CosineAsync(newModel: false, query, embedded, ct), ScoreDecimals) == raw)
                    old++;
                else if (Math.Round(await CosineAsync(newModel: true, query, embedded, ct), ScoreDecimals) == raw)
                    @new++;
            }
            return old == hits.Count ? Answer.Old : @new == hits.Count ? Answer.New : Answer.Mixed;
        }

        private async Task<double> CosineAsync(bool newModel, string query, string chunk, CancellationToken ct)
        {
            ReadOnlyMemory<float> q = await EmbedAsync(newModel, true, query, ct);
            ReadOnlyMemory<float> d = await EmbedAsync(newModel, false, chunk, ct);
            return TensorPrimitives.CosineSimilarity(q.Span, d.Span);
        }

        private async Task<ReadOnlyMemory<float>> EmbedAsync(bool newModel, bool isQuery, string text, CancellationToken ct)
        {
            if (_embedded.TryGetValue((newModel, isQuery, text), out var vector))
                return vector;
            var generator = newModel ? _to : _from;
            var generated = await generator.GenerateAsync([text], isQuery ? EmbeddingInput.Query() : null, ct);
            return _embedded[(newModel, isQuery, text)] = generated[0].Vector;
        }

        public void Dispose()
        {
            _from.Dispose();
            _to.Dispose();
        }
    }
}
