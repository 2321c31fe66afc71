using System.Diagnostics;
using System.Text.Json;

namespace AgentPlatform.AppHost.Tests;

/// <summary>The manifest azd consumes: produced in publish mode, which picks the containers backend.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task Publish_manifest_has_four_store_containers_and_four_projects_wired_to_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Path.Combine(Path.GetTempPath(), $"agentplatform-manifest-{Guid.NewGuid():N}.json");
        // The AppHost was built with this test project, in the same configuration (bin/<Configuration>/<tfm>/).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet",
            ["run", "--no-build", "--no-launch-profile", "-c", configuration, "--project", Projects.AppHost.ProjectPath,
             "--", "--publisher", "manifest", "--output-path", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(2), ct);
        Assert.True(process.ExitCode == 0, await stdout + await stderr);

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(output, ct));
        var resources = manifest.RootElement.GetProperty("resources");
        var images = new Dictionary<string, string>();
        foreach (var name in new[] { "sqlserver", "mongodb", "elasticsearch", "chroma" })
        {
            var resource = resources.GetProperty(name);
            Assert.StartsWith("container.", resource.GetProperty("type").GetString());
            images[name] = resource.GetProperty("image").GetString()!;
        }
        Assert.StartsWith("mcr.microsoft.com/mssql/server:2022", images["sqlserver"]);
        Assert.StartsWith("docker.io/library/mongo:8", images["mongodb"].Replace("docker.io/mongo", "docker.io/library/mongo"));
        Assert.StartsWith("docker.elastic.co/elasticsearch/elasticsearch:9.", images["elasticsearch"]);
        Assert.StartsWith("docker.io/chromadb/chroma:1.", images["chroma"]);

        var expected = new Dictionary<string, string[]>
        {
            ["ingestion-api"] = ["relational", "documents", "vectors"],
            ["embedding-worker"] = ["relational", "documents", "fulltext", "vectors"],
            ["search-api"] = ["fulltext", "vectors", "documents"],
            ["analytics-api"] = ["relational", "documents", "fulltext"],
        };
        var storeResource = new Dictionary<string, string>
        {
            ["relational"] = "sqlserver-agentplatform",
            ["documents"] = "mongodb-agentplatform",
            ["fulltext"] = "elasticsearch",
            ["vectors"] = "chroma",
        };
        foreach (var (project, stores) in expected)
        {
            var resource = resources.GetProperty(project);
            Assert.StartsWith("project.", resource.GetProperty("type").GetString());
            var env = resource.GetProperty("env");
            Assert.Equal("Containers", env.GetProperty("AgentPlatform__Backend").GetString());
            foreach (var store in stores)
                Assert.Equal($"{{{storeResource[store]}.connectionString}}", env.GetProperty($"ConnectionStrings__{store}").GetString());
        }
        File.Delete(output);
    }
}
