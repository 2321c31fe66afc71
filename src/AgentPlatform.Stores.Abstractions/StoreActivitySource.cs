using System.Diagnostics;

namespace AgentPlatform.Storage;

/// <summary>One store integration's spans: "&lt;system&gt; &lt;operation&gt;", kind Client, with OpenTelemetry's database
/// attributes, so a trace shows which store each step of a request touched. Starting one costs nothing while
/// no tracer listens to the source (the integration's DisableTracing leaves it unregistered).</summary>
public sealed class StoreActivitySource(string name, string system)
{
    private readonly ActivitySource _source = new(name);

    public string Name => name;

    public Activity? StartActivity(string operation, string? collection = null)
    {
        var activity = _source.StartActivity($"{system} {operation}", ActivityKind.Client);
        if (activity is null)
            return null;
        activity.SetTag("db.system.name", system);
        activity.SetTag("db.operation.name", operation);
        if (collection is not null)
            activity.SetTag("db.collection.name", collection);
        return activity;
    }
}
