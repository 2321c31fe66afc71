using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record LatencyOptions(
    string DatasetDirectory, string ResultsDirectory, string DataDirectory, int[] Clients, int Seconds, int Limit, string[] Modes, int WarmUpSeconds, int LoadWarmUpSeconds, int Replicate, string? Baseline, int? QueryEmbeddingCache)
{
    public static Command Command()
    {
        var dataDirectory = new Option<string>("--data-dir") { Description = "a directory that ingest or quality filled", Required = true };
        var clients = BenchOption.PositiveInts("--clients", [1, 8, 32], "concurrent clients");
        var seconds = BenchOption.PositiveInt("--seconds", 10, "measured seconds per mode and client count");
        var limit = BenchOption.PositiveInt("--limit", 10, "hits per search");
        var modes = BenchOption.List("--modes", LatencyBenchmark.AllModes, "search modes");
        var warmUpSeconds = BenchOption.PositiveInt("--warmup-seconds", 2, "unmeasured seconds before each row");
        var loadWarmUpSeconds = BenchOption.PositiveInt("--load-warmup-seconds", 15, "unmeasured seconds per mode at the largest client count before the first row of each build (until .NET's tiered compiler has settled under load)");
        var replicate = BenchOption.PositiveInt("--replicate", 1, "measure on the corpus K times over: <data-dir>-xK is built once from data-dir by copying its search projections K-1 more times (new ids, varied titles, vectors jittered; no re-embedding) and re-used afterwards");
        var baseline = BenchOption.Text("--baseline", "a checkout of another commit with its services built in the same configuration (bench/baseline.sh makes /tmp/ap-17aaa1f): its Search.Api answers the same hybrid rows over the same data after this build's, and the req/s ratios are printed");
        var queryEmbeddingCache = BenchOption.OptionalPositiveInt("--query-embedding-cache", "Search:QueryEmbeddingCacheSize of the measured Search.Api (the platform's default is 1,024); unset, the cache is off, since the loop cycles through a fixed query list and cached embeddings measure its repeats");
        var command = new Command("latency", "HTTP search latency p50/p95/p99 per mode and client count over an ingested data directory, beside the floor of the same stages in-process (measured first, same run); optionally against a baseline build")
        {
            dataDirectory, clients, seconds, limit, modes, warmUpSeconds, loadWarmUpSeconds, replicate, baseline, queryEmbeddingCache,
        };
        command.SetAction((parse, ct) => LatencyBenchmark.RunAsync(new LatencyOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetRequiredValue(dataDirectory),
            parse.GetRequiredValue(clients), parse.GetValue(seconds), parse.GetValue(limit), parse.GetRequiredValue(modes),
            parse.GetValue(warmUpSeconds), parse.GetValue(loadWarmUpSeconds), parse.GetValue(replicate),
            parse.GetValue(baseline) is { } checkout ? Path.GetFullPath(checkout) : null, parse.GetValue(queryEmbeddingCache)), ct));
        return command;
    }
}
