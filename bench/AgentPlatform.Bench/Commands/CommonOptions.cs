using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

/// <summary>Options every command accepts (declared once on the root command, recursive).</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Dataset = new("--dataset")
    {
        Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv (default: <repo>/../shared/datasets/scifact); memory: a LoCoMo .json or a folder holding one (default: <repo>/../shared/datasets/locomo-dev)",
        Recursive = true,
    };

    public static readonly Option<string?> Results = new("--results")
    {
        Description = "output folder (default: <repo>/bench/results)",
        Recursive = true,
    };

    public static readonly Option<string?> Model = new("--model")
    {
        Description = "embedding model of embed, quality and memory, and the one model-switch starts from (Embeddings:Model: all-MiniLM-L6-v2, the default, or snowflake-arctic-embed-xs); results of another model are named <benchmark>-<model>-...",
        Recursive = true,
    };

    /// <summary>--dataset, else BEIR SciFact beside the repository (../shared/datasets/scifact).</summary>
    public static string DatasetDirectory(ParseResult parse) =>
        Path.GetFullPath(parse.GetValue(Dataset) ?? Path.Combine(BenchEnvironment.RepositoryRoot(), "..", "shared", "datasets", "scifact"));

    /// <summary>--results, else bench/results.</summary>
    public static string ResultsDirectory(ParseResult parse) =>
        Path.GetFullPath(parse.GetValue(Results) ?? Path.Combine(BenchEnvironment.RepositoryRoot(), "bench", "results"));
}
