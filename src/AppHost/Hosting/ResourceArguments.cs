using System.Runtime.CompilerServices;

namespace AgentPlatform.AppHost.Hosting;

/// <summary>Guards for the Add* methods of our resource types, as the official integrations check theirs.</summary>
internal static class ResourceArguments
{
    public static void Require(IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
    }

    public static void RequireDatabase(IResourceBuilder<IResource> server, string name, string databaseName)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
    }

    /// <summary>A host port, when one is asked for, is 1-65535; null lets Aspire choose.</summary>
    public static void RequirePort(int? port, [CallerArgumentExpression(nameof(port))] string? parameter = null)
    {
        if (port is < 1 or > 65535)
            throw new ArgumentOutOfRangeException(parameter, port, "A port is between 1 and 65535.");
    }
}
