using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record ModelSwitchOptions(string DatasetDirectory, string ResultsDirectory, string? From, string To, int? Limit, int Timeout, int Grace)
{
    public static Command Command()
    {
        var to = new Option<string>("--to")
        {
            Description = "the model the deployment changes to (Embeddings:Model of the restarted worker and Search.Api)",
            DefaultValueFactory = _ => "snowflake-arctic-embed-xs",
        };
        var limit = BenchOption.OptionalPositiveInt("--limit", "first N corpus documents only");
        var timeout = BenchOption.PositiveInt("--timeout", 7200, "seconds to wait for the switch after the worker restarts");
        var grace = BenchOption.PositiveInt("--grace", 10, "Worker:RetiredModelGrace in seconds: the old collections are deleted this long after the switch");
        var command = new Command("model-switch", "the corpus ingested with --model (default all-MiniLM-L6-v2), then Search.Api and the worker restarted on --to: the time until the tenant's searches switch, with a semantic search every second throughout (failures, and answers whose hits are not all of one model), and until the old collections are deleted")
        {
            to, limit, timeout, grace,
        };
        command.SetAction((parse, ct) => ModelSwitchBenchmark.RunAsync(new ModelSwitchOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetValue(CommonOptions.Model),
            parse.GetRequiredValue(to), parse.GetValue(limit), parse.GetValue(timeout), parse.GetValue(grace)), ct));
        return command;
    }
}
