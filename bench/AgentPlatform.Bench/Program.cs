using System.CommandLine;
using AgentPlatform.Bench;
using AgentPlatform.Bench.Commands;

var root = new RootCommand("""
    AgentPlatform benchmarks. Run from inside the repository:
      dotnet run -c Release --project bench/AgentPlatform.Bench -- <command> [options]
    ingest, quality, latency, load, memory, fairness and model-switch start Chroma (from chroma/, installed with npm ci on first use) and the
    services from their build output: build the benchmark first (dotnet build -c Release bench/AgentPlatform.Bench builds
    the services too).
    """)
{
    CommonOptions.Dataset,
    CommonOptions.Results,
    CommonOptions.Model,
    EmbedOptions.Command(),
    IngestOptions.Command(),
    QualityOptions.Command(),
    FullTextOptions.Command(),
    ContentionOptions.Command(),
    LatencyOptions.Command(),
    FloorOptions.Command(),
    PeersOptions.Command(),
    LoadOptions.Command(),
    MemoryOptions.Command(),
    FairnessOptions.Command(),
    ModelSwitchOptions.Command(),
};

// Ctrl+C cancels the run (its stacks stop their processes, which can take longer than System.CommandLine's own
// termination timeout); whatever is still running at exit is killed.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServiceProcess.KillAll();

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, cancellation.Token);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Run with --help for the commands and their options.");
    return 2;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
finally
{
    ServiceProcess.KillAll();
}
