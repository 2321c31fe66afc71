using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record EmbedOptions(int Passages, int[] BatchSizes, int Threads, string Corpus, string ResultsDirectory, string? Model)
{
    public static Command Command()
    {
        var passages = BenchOption.PositiveInt("--passages", 512, "passages to embed per batch size");
        var batchSizes = BenchOption.PositiveInts("--batch-sizes", [1, 8, 32], "comma-separated batch sizes");
        var threads = BenchOption.OptionalPositiveInt("--threads", "ONNX Runtime intra-op threads (default: processor count)");
        var corpus = BenchOption.Text("--corpus", "BEIR corpus.jsonl (default: <repo>/../shared/datasets/scifact/corpus.jsonl)");
        var command = new Command("embed", "Embeds SciFact passages with batch sizes 1/8/32 and writes bench/results/embedding-<machine>.json")
        {
            passages, batchSizes, threads, corpus,
        };
        command.SetAction((parse, _) => EmbeddingBenchmark.RunAsync(new EmbedOptions(
            parse.GetValue(passages),
            parse.GetRequiredValue(batchSizes),
            parse.GetValue(threads) ?? Environment.ProcessorCount,
            Path.GetFullPath(parse.GetValue(corpus) ?? Path.Combine(BenchEnvironment.RepositoryRoot(), "..", "shared", "datasets", "scifact", "corpus.jsonl")),
            CommonOptions.ResultsDirectory(parse), parse.GetValue(CommonOptions.Model))));
        return command;
    }
}
