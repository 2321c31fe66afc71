using AgentPlatform.Bench.Commands;
using AgentPlatform.Contracts;
using System.Diagnostics;
using AgentPlatform.Chunking;
using AgentPlatform.Embeddings;
using AgentPlatform.Knowledge;
using Microsoft.Extensions.Configuration;
using static AgentPlatform.Bench.Format;

namespace AgentPlatform.Bench;

/// <summary>
/// Ingestion throughput on the local backend. (a) The ONNX generator alone over the corpus's chunks, in this process:
/// the ceiling. (b) The whole path: the corpus posted to Ingestion.Api in batches, Embedding.Worker draining the outbox
/// into Chroma, Lucene and the document store, until GET /v1/ingestion/status reports nothing pending. The ratio (b)/(a)
/// in documents per second says how much of the model's speed the pipeline keeps.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>Chunks per GenerateAsync call in (a): several of the generator's 32-input batches, so sorting by length can work.</summary>
    private const int RawSliceSize = 256;

    private sealed record RawEmbeddingResult(
        int Documents, int Chunks, long Tokens, double ChunkingSeconds, double EmbeddingSeconds, double CpuSeconds,
        double DocumentsPerSecond, double ChunksPerSecond, double TokensPerSecond, string ExecutionProvider);

    private sealed record EndToEndResult(
        int Documents, int Created, int Duplicates, int Invalid, long FailedEntries, long Chunks, double PostSeconds, double TotalSeconds,
        double DocumentsPerSecond, double ChunksPerSecond, double TokensPerSecond,
        ProcessUsage Worker, ProcessUsage IngestionApi, ProcessUsage Chroma, double WorkerCpuSeconds, double IngestionApiCpuSeconds, double ChromaCpuSeconds);

    public static async Task RunAsync(IngestOptions options, CancellationToken ct)
    {
        var dataset = BeirDataset.Open(options.DatasetDirectory);
        int? limit = options.Limit;
        string? dataDirectory = options.DataDirectory;
        IReadOnlyList<BeirDocument> documents = await dataset.ReadCorpusAsync(limit);
        Console.WriteLine($"{dataset.Name}: {documents.Count} documents from {dataset.Directory}; load average {BenchEnvironment.LoadAverage()}.");
        string loadBefore = BenchEnvironment.LoadAverage();

        RawEmbeddingResult raw = await MeasureRawEmbeddingAsync(documents, ct);
        string loadBetween = BenchEnvironment.LoadAverage();
        EndToEndResult endToEnd = await MeasureEndToEndAsync(documents, dataset.Name, dataDirectory, raw.Tokens, ct);
        string loadAfter = BenchEnvironment.LoadAverage();

        double ratio = endToEnd.DocumentsPerSecond / raw.DocumentsPerSecond;
        double stackCpu = endToEnd.WorkerCpuSeconds + endToEnd.IngestionApiCpuSeconds + endToEnd.ChromaCpuSeconds;
        double cpuRatio = raw.CpuSeconds / stackCpu;

        var table = new ResultTable("stage", "docs", "chunks", "seconds", "docs/s", "chunks/s", "tokens/s", "CPU s");
        table.Add("(a) ONNX embedding alone", F(raw.Documents), F(raw.Chunks), F(raw.EmbeddingSeconds, 1), F(raw.DocumentsPerSecond, 2),
            F(raw.ChunksPerSecond, 2), F(raw.TokensPerSecond, 0), F(raw.CpuSeconds, 1));
        table.Add("(b) end to end: API + worker", F(endToEnd.Documents), F(endToEnd.Chunks), F(endToEnd.TotalSeconds, 1), F(endToEnd.DocumentsPerSecond, 2),
            F(endToEnd.ChunksPerSecond, 2), F(endToEnd.TokensPerSecond, 0), F(stackCpu, 1));
        table.Print();
        string summary = $"""
            - ratio (b)/(a), documents per second: **{ratio:F2}** (target ≥ 0.85)
            - CPU ratio, (a)'s CPU seconds / (b)'s CPU seconds (worker {endToEnd.WorkerCpuSeconds:F1} + Ingestion.Api {endToEnd.IngestionApiCpuSeconds:F1} + Chroma {endToEnd.ChromaCpuSeconds:F1}): **{cpuRatio:F2}**
            - Embedding.Worker peak resident memory (VmHWM): **{endToEnd.Worker.PeakResidentMb:F0} MB**; Ingestion.Api {endToEnd.IngestionApi.PeakResidentMb:F0} MB; Chroma {endToEnd.Chroma.PeakResidentMb:F0} MB
            - (b): posting took {endToEnd.PostSeconds:F1} s; {endToEnd.Created} created, {endToEnd.Duplicates} duplicates, {endToEnd.Invalid} invalid, {endToEnd.FailedEntries} failed
            - (a): chunking took {raw.ChunkingSeconds:F1} s (not counted); {raw.Tokens / (double)raw.Chunks:F0} tokens per chunk on average; execution provider {raw.ExecutionProvider}
            - load average (1/5/15 min) before (a): {loadBefore}; between: {loadBetween}; after (b): {loadAfter}
            """;
        Console.WriteLine(summary);

        string name = $"ingest-{dataset.Name}{(limit is { } n ? $"-limit{n}" : "")}-{BenchEnvironment.MachineName}";
        await ResultFiles.WriteAsync(options.ResultsDirectory, name, new
        {
            Benchmark = "ingest",
            Machine = BenchEnvironment.Describe(),
            Dataset = dataset.Name,
            DocumentLimit = limit,
            MeasuredAt = DateTimeOffset.UtcNow,
            LoadAverage = new { Before = loadBefore, Between = loadBetween, After = loadAfter },
            RawEmbedding = raw,
            EndToEnd = endToEnd,
            Ratio = Math.Round(ratio, 3),
            CpuRatio = Math.Round(cpuRatio, 3),
        }, $"""
            # Ingestion throughput: {dataset.Name}{(limit is { } l ? $" (first {l} documents)" : "")}

            Machine: {BenchEnvironment.MachineName} ({Environment.ProcessorCount} cores, shared with other work), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.
            Local backend: SQLite, Lucene.NET, Chroma (npm package pinned in chroma/package.json); all-MiniLM-L6-v2 on ONNX Runtime (CPU).

            {table.ToMarkdown()}
            {summary}
            """);
    }

    private static async Task<RawEmbeddingResult> MeasureRawEmbeddingAsync(IReadOnlyList<BeirDocument> documents, CancellationToken ct)
    {
        Console.WriteLine("(a) ONNX embedding alone: chunking the corpus as the worker does...");
        // The worker's Embeddings:* settings from the environment (Embeddings__MaxBatchSize=...), so (a) runs the session as (b) does.
        var options = new OnnxEmbeddingOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("Embeddings").Bind(options);
        using var generator = new OnnxEmbeddingGenerator(options);
        var chunker = new TextChunker(generator);
        var chunking = Stopwatch.StartNew();
        string[] chunks = [.. documents.SelectMany(d =>
        {
            KnowledgeInput entry = CorpusIngestion.ToEntry(d, "");
            string title = entry.Title!.Trim();
            return chunker.EmbeddedTexts(title, entry.Content!, chunker.Chunk(title, entry.Content!));
        })];
        double chunkingSeconds = chunking.Elapsed.TotalSeconds;
        long tokens = chunks.Sum(c => (long)Math.Min(generator.CountTokens(c), generator.Tokenizer.MaxSequenceLength));

        await generator.GenerateAsync(chunks.Take(32), cancellationToken: ct);
        TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var embedding = Stopwatch.StartNew();
        using (var progress = new ProgressLine("chunks embedded", chunks.Length))
        {
            int done = 0;
            foreach (string[] slice in chunks.Chunk(RawSliceSize))
            {
                await generator.GenerateAsync(slice, cancellationToken: ct);
                progress.Report(done += slice.Length);
            }
        }
        double seconds = embedding.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        return new RawEmbeddingResult(documents.Count, chunks.Length, tokens, Math.Round(chunkingSeconds, 2), Math.Round(seconds, 2), Math.Round(cpuSeconds, 1),
            Math.Round(documents.Count / seconds, 2), Math.Round(chunks.Length / seconds, 2), Math.Round(tokens / seconds, 0), generator.ExecutionProvider);
    }

    private static async Task<EndToEndResult> MeasureEndToEndAsync(IReadOnlyList<BeirDocument> documents, string category, string? dataDirectory, long tokens, CancellationToken ct)
    {
        await using LocalStack stack = LocalStack.OpenEmpty(dataDirectory, "ingest");
        Console.WriteLine($"(b) end to end: starting Chroma, Ingestion.Api and Embedding.Worker over {stack.DataDirectory}...");
        var (chroma, api, worker) = await stack.StartIngestionAsync(ct);
        using PlatformClient ingestion = stack.Client(api);
        using PlatformClient workerClient = stack.Client(worker);

        ProcessUsage workerAtStart = worker.ReadUsage(), apiAtStart = api.ReadUsage(), chromaAtStart = chroma.ReadUsage();
        CorpusIngestionResult result = await CorpusIngestion.RunAsync(ingestion, documents, d => CorpusIngestion.ToEntry(d, category), [chroma, api, worker], ct);
        ProcessUsage workerAtEnd = worker.ReadUsage(), apiAtEnd = api.ReadUsage(), chromaAtEnd = chroma.ReadUsage();
        WorkerProcessFigures workerStatus = await workerClient.GetWorkerStatusAsync(stack.OperatorApiKey, ct);

        double seconds = result.TotalSeconds;
        return new EndToEndResult(result.Documents, result.Created, result.Duplicates, result.Invalid, result.FailedEntries, workerStatus.ChunksIndexed,
            result.PostSeconds, seconds, Math.Round(result.Documents / seconds, 2), Math.Round(workerStatus.ChunksIndexed / seconds, 2), Math.Round(tokens / seconds, 0),
            workerAtEnd, apiAtEnd, chromaAtEnd,
            Math.Round(workerAtEnd.CpuSeconds - workerAtStart.CpuSeconds, 1), Math.Round(apiAtEnd.CpuSeconds - apiAtStart.CpuSeconds, 1),
            Math.Round(chromaAtEnd.CpuSeconds - chromaAtStart.CpuSeconds, 1));
    }
}
