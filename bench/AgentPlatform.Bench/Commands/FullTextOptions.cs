using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record FullTextOptions(string DatasetDirectory, string ResultsDirectory)
{
    public static Command Command()
    {
        var command = new Command("fulltext", "Full-text quality and cost in-process: the corpus written into a temporary Lucene directory through the platform's adapter, every test query with and without typo handling: nDCG@10, Recall@100, MRR@10, p50/p95 ms");
        command.SetAction((parse, ct) => FullTextQualityBenchmark.RunAsync(new FullTextOptions(CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse)), ct));
        return command;
    }
}
