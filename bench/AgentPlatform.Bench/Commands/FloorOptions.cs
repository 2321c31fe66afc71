using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record FloorOptions(string DatasetDirectory, string ResultsDirectory, string DataDirectory, int Queries)
{
    public static Command Command()
    {
        var dataDirectory = new Option<string>("--data-dir") { Description = "a directory that ingest or quality filled", Required = true };
        var queries = BenchOption.PositiveInt("--queries", FloorBenchmark.DefaultQueries, "queries measured, one at a time (from queries.jsonl, in order)");
        var command = new Command("floor", "The search stages in-process, one query at a time, on the adapters Search.Api uses over an ingested data directory: query embedding, Chroma top 50, Lucene top 50, the document store's text search top 50, fusion: p50/p95 each, and the floor max(embed + vector, full text)")
        {
            dataDirectory, queries,
        };
        command.SetAction((parse, ct) => FloorBenchmark.RunAsync(new FloorOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetRequiredValue(dataDirectory), parse.GetValue(queries)), ct));
        return command;
    }
}
