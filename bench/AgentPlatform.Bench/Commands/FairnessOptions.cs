using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record FairnessOptions(string ResultsDirectory, int Large, int LargeBytes, int Timeout, string? DataDirectory)
{
    public static Command Command()
    {
        var large = BenchOption.PositiveInt("--large", FairnessBenchmark.DefaultLargeEntries, "tenant A's entries");
        var largeBytes = BenchOption.PositiveInt("--large-bytes", FairnessBenchmark.DefaultLargeCharacters, "characters of each");
        var timeout = BenchOption.PositiveInt("--timeout", FairnessBenchmark.DefaultTimeoutSeconds, "seconds to wait for every entry to be indexed");
        var dataDirectory = BenchOption.Text("--data-dir", "keep the stores (and child logs) in DIR (new or empty); default: a temporary directory");
        var command = new Command("fairness", "Tenant \"bench\" posts large entries in one batch; 2 s later tenant \"bench-b\" posts one short entry: seconds from each POST to Indexed (B's entry, A's whole batch), to bench/results/fairness-<machine>.json/.md")
        {
            large, largeBytes, timeout, dataDirectory,
        };
        command.SetAction((parse, ct) => FairnessBenchmark.RunAsync(new FairnessOptions(
            CommonOptions.ResultsDirectory(parse), parse.GetValue(large), parse.GetValue(largeBytes), parse.GetValue(timeout), parse.GetValue(dataDirectory)), ct));
        return command;
    }
}
