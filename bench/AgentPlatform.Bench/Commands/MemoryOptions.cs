using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record MemoryOptions(string DatasetPath, string ResultsDirectory, string[] Modes, int IndexTimeout, string? DataDirectory, string? Model)
{
    public static Command Command()
    {
        var modes = BenchOption.List("--modes", MemoryBenchmark.AllModes, "memory search modes");
        var indexTimeout = BenchOption.PositiveInt("--index-timeout", 900, "seconds to wait until no message is pending indexing");
        var dataDirectory = BenchOption.Text("--data-dir", "keep the stores (and child logs) in DIR (new or empty); default: a temporary directory");
        var command = new Command("memory", "LoCoMo conversations written through Ingestion.Api (agent per conversation, session per LoCoMo session, turns as dated user messages), then every category 1-4 question searched in its agent: Recall@1/5/10/20 and Hit@10 of the evidence turns per category, per memory search mode, for POST /v1/conversations/search and for an in-process BM25; latency p50/p95 per mode")
        {
            modes, indexTimeout, dataDirectory,
        };
        command.SetAction((parse, ct) => MemoryBenchmark.RunAsync(new MemoryOptions(
            LocomoDataset.ResolvePath(parse.GetValue(CommonOptions.Dataset)), CommonOptions.ResultsDirectory(parse),
            parse.GetRequiredValue(modes), parse.GetValue(indexTimeout), parse.GetValue(dataDirectory), parse.GetValue(CommonOptions.Model)), ct));
        return command;
    }
}
