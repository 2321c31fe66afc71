using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>The Lucene index directory must exist and be listable; an empty index is healthy.</summary>
public sealed class LuceneDirectoryHealthCheck(string directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var files = Directory.GetFiles(directory).Length;
            return Task.FromResult(HealthCheckResult.Healthy($"Lucene directory {directory} ({files} files)"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"Lucene directory {directory} is not readable: {ex.Message}", ex));
        }
    }
}
