using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record LoadOptions(string ResultsDirectory, int Clients, int Duration, int IndexTimeout, string? DataDirectory, int? EngineTimeout)
{
    public static Command Command()
    {
        var clients = BenchOption.PositiveInt("--clients", 32, "concurrent clients");
        var duration = BenchOption.PositiveInt("--duration", 60, "seconds of load");
        var indexTimeout = BenchOption.PositiveInt("--index-timeout", 600, "seconds to wait for the worker to index the ingested entries afterwards");
        var dataDirectory = BenchOption.Text("--data-dir", "keep the stores (and child logs) in DIR; default: a temporary directory");
        var engineTimeout = BenchOption.OptionalPositiveInt("--engine-timeout", "Search.Api's per-engine timeout in seconds (default: the service's, 3 s); the results file is then load-<machine>-engine-timeoutNs");
        var command = new Command("load", "A bounded mixed load on the whole local stack: N clients in closed loops (ingest 20%, search 60%, memory writes 20%), every error printed; then every accepted write read back, a bounded wait for indexing; p50/p95/p99 and throughput per operation to bench/results/load-<machine>.json/.md")
        {
            clients, duration, indexTimeout, dataDirectory, engineTimeout,
        };
        command.SetAction((parse, ct) => LoadBenchmark.RunAsync(new LoadOptions(
            CommonOptions.ResultsDirectory(parse), parse.GetValue(clients), parse.GetValue(duration), parse.GetValue(indexTimeout),
            parse.GetValue(dataDirectory), parse.GetValue(engineTimeout)), ct));
        return command;
    }
}
