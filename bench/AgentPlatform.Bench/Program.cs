using AgentPlatform.Bench;

const string Usage = """
    Usage: dotnet run -c Release --project bench/AgentPlatform.Bench -- <command> [options]

    Commands:
      embed   Embeds SciFact passages with batch sizes 1/8/32 and writes bench/results/embedding-<machine>.json
              --passages N        passages to embed per batch size (default 512)
              --batch-sizes LIST  comma-separated batch sizes (default 1,8,32)
              --threads N         ONNX Runtime intra-op threads (default: processor count)
              --corpus PATH       BEIR corpus.jsonl (default: <repo>/../shared/datasets/scifact/corpus.jsonl)
              --results DIR       output folder (default: <repo>/bench/results)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return 0;
}

try
{
    var options = CommandLineOptions.Parse(args.AsSpan(1));
    switch (args[0])
    {
        case "embed":
            await EmbeddingBenchmark.RunAsync(options);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown command '{args[0]}'.");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}
