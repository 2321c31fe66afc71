using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record QualityOptions(
    string DatasetDirectory, string ResultsDirectory, int? Limit, int? LimitQueries, string[] Modes, string? StructuredWeight, string? Fusion, string? DataDirectory, string? Model)
{
    public static Command Command()
    {
        var limit = BenchOption.OptionalPositiveInt("--limit", "first N corpus documents only");
        var limitQueries = BenchOption.OptionalPositiveInt("--limit-queries", "first N test queries only");
        var modes = BenchOption.List("--modes", QualityBenchmark.AllModes, "search modes");
        var structuredWeight = BenchOption.Text("--structured-weight", "Search:StructuredWeight of this run (above 0: hybrid fuses structured too); results named ...-structured-weightW-...");
        var fusion = BenchOption.Text("--fusion", "Search:Fusion of this run (MinMax, the default, or ReciprocalRank); results named ...-fusion-F-...");
        var dataDirectory = BenchOption.Text("--data-dir", "stores to create or re-use (documents already there are not embedded again)");
        var command = new Command("quality", "Ingests the corpus (or re-uses --data-dir), runs the test queries in each mode through Search.Api: nDCG@10, Recall@100, MRR@10")
        {
            limit, limitQueries, modes, structuredWeight, fusion, dataDirectory,
        };
        command.SetAction((parse, ct) => QualityBenchmark.RunAsync(new QualityOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetValue(limit), parse.GetValue(limitQueries),
            parse.GetRequiredValue(modes), parse.GetValue(structuredWeight), parse.GetValue(fusion), parse.GetValue(dataDirectory), parse.GetValue(CommonOptions.Model)), ct));
        return command;
    }
}
