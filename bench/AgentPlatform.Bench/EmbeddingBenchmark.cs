using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Bench.Commands;
using AgentPlatform.Chunking;
using AgentPlatform.Embeddings;

namespace AgentPlatform.Bench;

/// <summary>
/// Embedding throughput: the first N SciFact passages (title and abstract, composed as knowledge entries are) embedded
/// once per batch size, each batch one GenerateAsync call, after a warm-up batch.
/// </summary>
internal static class EmbeddingBenchmark
{
    /// <summary>CpuSeconds is the process's processor time during the run: on a shared machine, wall-clock figures
    /// also measure the neighbours, and CPU time shows how much of the machine the benchmark actually got.</summary>
    private sealed record BatchSizeResult(
        int BatchSize, int Passages, int Batches, double TotalSeconds, double SentencesPerSecond, double TokensPerSecond,
        double MsPerBatch, double P50MsPerBatch, double P95MsPerBatch, double CpuSeconds);

    public static async Task RunAsync(EmbedOptions options)
    {
        int passageCount = options.Passages;
        int[] batchSizes = options.BatchSizes;
        int threads = options.Threads;
        string corpus = options.Corpus;
        string resultsDirectory = options.ResultsDirectory;

        string[] passages = await ReadPassagesAsync(corpus, passageCount);
        var embeddingOptions = new OnnxEmbeddingOptions { Model = options.Model, IntraOpThreads = threads, MaxBatchSize = batchSizes.Max() };
        EmbeddingModel model = EmbeddingModels.Resolve(embeddingOptions);
        Console.WriteLine($"Loading {model.Id} ({threads} intra-op threads)...");
        var load = Stopwatch.StartNew();
        using var generator = new OnnxEmbeddingGenerator(model, embeddingOptions);
        double loadSeconds = load.Elapsed.TotalSeconds;
        int[] tokenCounts = Array.ConvertAll(passages, p => Math.Min(generator.CountTokens(p), generator.Tokenizer.MaxSequenceLength));
        double averageTokens = tokenCounts.Average();
        Console.WriteLine($"Loaded in {loadSeconds:F1} s on {generator.ExecutionProvider}; {passages.Length} passages from {corpus}, {averageTokens:F0} tokens on average (after truncation to {generator.Tokenizer.MaxSequenceLength}).");

        await generator.GenerateAsync(passages.Take(batchSizes.Max()));
        var results = new List<BatchSizeResult>();
        foreach (int batchSize in batchSizes)
            results.Add(await MeasureAsync(generator, passages, tokenCounts.Sum(), batchSize));

        PrintTable(results);
        string path = Path.Combine(resultsDirectory, $"embedding-{ResultFiles.ModelTag(model.Id)}{BenchEnvironment.MachineName}.json");
        Directory.CreateDirectory(resultsDirectory);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            Benchmark = "embedding",
            Machine = BenchEnvironment.Describe(),
            Model = generator.Model.Id,
            generator.ExecutionProvider,
            IntraOpThreads = threads,
            ModelLoadSeconds = Math.Round(loadSeconds, 2),
            Corpus = "BEIR SciFact corpus.jsonl (first passages: title and abstract)",
            Passages = passages.Length,
            AverageTokens = Math.Round(averageTokens, 1),
            MeasuredAt = DateTimeOffset.UtcNow,
            Results = results,
        }, ResultFiles.Json));
        Console.WriteLine($"Wrote {path}");
    }

    private static async Task<BatchSizeResult> MeasureAsync(OnnxEmbeddingGenerator generator, string[] passages, int totalTokens, int batchSize)
    {
        string[][] batches = passages.Chunk(batchSize).ToArray();
        TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var milliseconds = new double[batches.Length];
        using var progress = new ProgressLine($"batch size {batchSize,2}", passages.Length);
        for (int i = 0; i < batches.Length; i++)
        {
            long started = Stopwatch.GetTimestamp();
            await generator.GenerateAsync(batches[i]);
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            progress.Report(Math.Min(passages.Length, (i + 1) * batchSize));
        }

        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        double totalSeconds = milliseconds.Sum() / 1000;
        double[] sorted = [.. milliseconds.Order()];
        return new BatchSizeResult(
            batchSize, passages.Length, batches.Length, Math.Round(totalSeconds, 3),
            Math.Round(passages.Length / totalSeconds, 1), Math.Round(totalTokens / totalSeconds, 0), Math.Round(milliseconds.Average(), 2),
            Math.Round(Statistics.Percentile(sorted, 0.50), 2), Math.Round(Statistics.Percentile(sorted, 0.95), 2), Math.Round(cpuSeconds, 1));
    }

    private static void PrintTable(IReadOnlyList<BatchSizeResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"batch",5} | {"sentences/s",11} | {"tokens/s",8} | {"ms/batch",9} | {"p50 ms",8} | {"p95 ms",8} | {"total s",8} | {"cpu s",7}");
        Console.WriteLine(new string('-', 86));
        foreach (BatchSizeResult r in results)
            Console.WriteLine($"{r.BatchSize,5} | {r.SentencesPerSecond,11:F1} | {r.TokensPerSecond,8:F0} | {r.MsPerBatch,9:F2} | {r.P50MsPerBatch,8:F2} | {r.P95MsPerBatch,8:F2} | {r.TotalSeconds,8:F2} | {r.CpuSeconds,7:F1}");
        Console.WriteLine();
    }

    private static async Task<string[]> ReadPassagesAsync(string corpus, int count)
    {
        IReadOnlyList<BeirDocument> documents = await BeirDataset.ReadCorpusFileAsync(corpus, count);
        if (documents.Count < count)
            Console.WriteLine($"The corpus has only {documents.Count} passages.");
        return [.. documents.Select(d => TextChunker.ComposeSource(d.Title, d.Text))];
    }
}
