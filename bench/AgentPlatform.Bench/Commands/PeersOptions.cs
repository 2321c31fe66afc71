using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record PeersOptions(string DatasetDirectory, string ResultsDirectory, string DataDirectory, int[] Clients, int Seconds, string[] Modes, int WarmUpSeconds)
{
    public static Command Command()
    {
        var dataDirectory = new Option<string>("--data-dir") { Description = "a directory that ingest or quality filled (its chunks and vectors are what the peer gets)", Required = true };
        var clients = BenchOption.PositiveInts("--clients", [1, 8], "concurrent clients");
        var seconds = BenchOption.PositiveInt("--seconds", 10, "measured seconds per side, mode and client count");
        var modes = BenchOption.List("--modes", LatencyBenchmark.AllModes, "search modes");
        var warmUpSeconds = BenchOption.PositiveInt("--warmup-seconds", 2, "unmeasured seconds before each row");
        var command = new Command("peers", "The platform's Search.Api beside LanceDB 0.31 (bench/peers, npm ci there once) over the same chunks and the same vectors: nDCG@10 per mode on the test queries, p50/p95 and req/s at each client count, as ratios")
        {
            dataDirectory, clients, seconds, modes, warmUpSeconds,
        };
        command.SetAction((parse, ct) => PeersBenchmark.RunAsync(new PeersOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetRequiredValue(dataDirectory),
            parse.GetRequiredValue(clients), parse.GetValue(seconds), parse.GetRequiredValue(modes), parse.GetValue(warmUpSeconds)), ct));
        return command;
    }
}
