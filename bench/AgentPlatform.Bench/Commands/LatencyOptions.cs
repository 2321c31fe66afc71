using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record LatencyOptions(
    string DatasetDirectory, string ResultsDirectory, string DataDirectory, int[] Clients, int Seconds, int Limit, string[] Modes, int WarmUpSeconds, int Replicate)
{
    public static Command Command()
    {
        var dataDirectory = new Option<string>("--data-dir") { Description = "a directory that ingest or quality filled", Required = true };
        var clients = BenchOption.PositiveInts("--clients", [1, 8, 32], "concurrent clients");
        var seconds = BenchOption.PositiveInt("--seconds", 10, "measured seconds per mode and client count");
        var limit = BenchOption.PositiveInt("--limit", 10, "hits per search");
        var modes = BenchOption.List("--modes", LatencyBenchmark.AllModes, "search modes");
        var warmUpSeconds = BenchOption.PositiveInt("--warmup-seconds", 2, "unmeasured seconds before each row");
        var replicate = BenchOption.PositiveInt("--replicate", 1, "measure on the corpus K times over: <data-dir>-xK is built once from data-dir by copying its search projections K-1 more times (new ids, varied titles, vectors jittered; no re-embedding) and re-used afterwards");
        var command = new Command("latency", "HTTP search latency p50/p95/p99 per mode and client count over an ingested data directory")
        {
            dataDirectory, clients, seconds, limit, modes, warmUpSeconds, replicate,
        };
        command.SetAction((parse, ct) => LatencyBenchmark.RunAsync(new LatencyOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetRequiredValue(dataDirectory),
            parse.GetRequiredValue(clients), parse.GetValue(seconds), parse.GetValue(limit), parse.GetRequiredValue(modes),
            parse.GetValue(warmUpSeconds), parse.GetValue(replicate)), ct));
        return command;
    }
}
