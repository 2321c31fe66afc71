using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record ContentionOptions(string DatasetDirectory, string ResultsDirectory, int ExpensiveClients, int Seconds, int EngineTimeoutMs)
{
    public static Command Command()
    {
        var expensiveClients = BenchOption.PositiveInt("--expensive-clients", 6, "clients sending 2,048-character queries");
        var seconds = BenchOption.PositiveInt("--seconds", 10, "seconds per phase");
        var engineTimeoutMs = BenchOption.PositiveInt("--engine-timeout-ms", 3000, "the engine deadline in milliseconds");
        var command = new Command("contention", "A cheap client's full-text searches alone and beside clients sending 2,048-character queries of random words, in-process on the Lucene adapter under the engine timeout: p50/p95/max of each, searches stopped")
        {
            expensiveClients, seconds, engineTimeoutMs,
        };
        command.SetAction((parse, ct) => ContentionBenchmark.RunAsync(new ContentionOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse),
            parse.GetValue(expensiveClients), parse.GetValue(seconds), parse.GetValue(engineTimeoutMs)), ct));
        return command;
    }
}
