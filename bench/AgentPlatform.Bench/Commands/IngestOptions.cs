using System.CommandLine;

namespace AgentPlatform.Bench.Commands;

internal sealed record IngestOptions(string DatasetDirectory, string ResultsDirectory, int? Limit, string? DataDirectory)
{
    public static Command Command()
    {
        var limit = BenchOption.OptionalPositiveInt("--limit", "first N corpus documents only");
        var dataDirectory = BenchOption.Text("--data-dir", "keep (b)'s stores in DIR (new or empty) for quality and latency; default: a temp dir");
        var command = new Command("ingest", "(a) ONNX embedding alone over the corpus's chunks, (b) the corpus through Ingestion.Api and Embedding.Worker on the local backend until all Indexed; docs/s, ratio (b)/(a), worker peak memory")
        {
            limit, dataDirectory,
        };
        command.SetAction((parse, ct) => IngestBenchmark.RunAsync(new IngestOptions(
            CommonOptions.DatasetDirectory(parse), CommonOptions.ResultsDirectory(parse), parse.GetValue(limit), parse.GetValue(dataDirectory)), ct));
        return command;
    }
}
