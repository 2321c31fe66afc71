// HTTP calls here are bounded by the in-process server; per-call test cancellation tokens would only add noise.
#pragma warning disable xUnit1051
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.IngestionApi.Apis;
using AgentPlatform.Tests.Api;
using Microsoft.Data.Sqlite;

namespace AgentPlatform.Tests.Reliability;

public sealed partial class FuzzTests(FuzzApiFactory factory) : IClassFixture<FuzzApiFactory>
{
    /// <summary>Override with AGENTPLATFORM_FUZZ_SEED to explore other inputs or replay a reported run.</summary>
    private const int DefaultSeed = 20261125;
    private const int RandomCases = 1100;

    [GeneratedRegex(@"\bat [\w.`<>\[\]]+\(|\.cs:line \d+|System\.\w+Exception|Microsoft\.\w+(\.\w+)*Exception")]
    private static partial Regex StackTraceShape();

    [Fact]
    public async Task Over_a_thousand_bad_requests_get_4xx_problem_details_and_change_no_record()
    {
        var seed = Environment.GetEnvironmentVariable("AGENTPLATFORM_FUZZ_SEED") is { Length: > 0 } configured
            ? int.Parse(configured, CultureInfo.InvariantCulture) : DefaultSeed;
        TestContext.Current.TestOutputHelper?.WriteLine($"Fuzz seed {seed} (replay with AGENTPLATFORM_FUZZ_SEED={seed})");
        var client = await factory.ClientAsync(apiKey: null);
        var targets = await SeedAsync(await factory.ClientAsync());
        var cases = new BadRequestGenerator(new Random(seed), targets).Generate(RandomCases);
        var before = await CountRecordsAsync();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        foreach (var fuzz in cases)
        {
            if (await CheckAsync(client, fuzz) is { } failure)
                failures.Add($"{fuzz}: {failure}");
        }

        var after = await CountRecordsAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"{cases.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; {failures.Count} failed");
        Assert.True(cases.Count >= 1000, $"only {cases.Count} cases");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {cases.Count} requests misbehaved:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(before, after);
    }

    /// <summary>Null when the response is what the case expects, else what was wrong.</summary>
    private static async Task<string?> CheckAsync(HttpClient client, FuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(fuzz.Method, fuzz.Url) { Content = fuzz.Body?.Invoke() };
        if (fuzz.ApiKey is not null) request.Headers.TryAddWithoutValidation("X-Api-Key", fuzz.ApiKey);
        foreach (var (name, value) in fuzz.Headers) request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            return $"the request failed: {ex.GetType().Name}: {ex.Message}";
        }
        using var response = sent;
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var excerpt = body.Length > 300 ? body[..300] + "..." : body;
        if (status >= 500) return $"{status} {excerpt}";
        if (StackTraceShape().IsMatch(body)) return $"stack trace or exception type in the body: {excerpt}";
        switch (fuzz.Expect)
        {
            case FuzzOutcome.Rejected:
                if (status is < 400 or > 499 || (fuzz.Status is { } exact && status != exact))
                    return $"got {status}: {excerpt}";
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {excerpt}";
                using (var problem = JsonDocument.Parse(body))
                {
                    if (!problem.RootElement.TryGetProperty("status", out var problemStatus) || problemStatus.GetInt32() != status)
                        return $"problem without a matching status: {excerpt}";
                }
                return null;
            case FuzzOutcome.EmptyRead:
                if (status != 200) return $"got {status}: {excerpt}";
                using (var page = JsonDocument.Parse(body))
                    return page.RootElement.GetProperty("items").GetArrayLength() == 0 ? null : $"matched something: {excerpt}";
            default:
                if (status != 200) return $"got {status}: {excerpt}";
                var batch = JsonSerializer.Deserialize<KnowledgeApi.BatchResponse>(body, Json.Options)!;
                return batch is { Created: 0, Duplicates: 0 } && batch.Invalid == batch.Items.Count ? null : $"an item was accepted: {excerpt}";
        }
    }

    /// <summary>Tenant A's records the bad requests aim at: an entry, a session with an interaction and a message, a state,
    /// and a message of a second session.</summary>
    private static async Task<FuzzTargets> SeedAsync(HttpClient tenantA)
    {
        var entry = await HttpAssert.OkJsonAsync<KnowledgeApi.KnowledgeResponse>(await tenantA.PostAsJsonAsync("/v1/knowledge",
            new { title = "Fuzz target", content = "The entry bad requests aim at.", tags = new[] { "fuzz" } }), System.Net.HttpStatusCode.Accepted);
        var session = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync("/v1/sessions", new { agentId = "fuzz-agent" }), System.Net.HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetGuid();
        await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{sessionId}/interactions",
            new { type = "query", input = "seed question" }), System.Net.HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{sessionId}/messages",
            new { role = "user", content = "seed message" }), System.Net.HttpStatusCode.Created);
        var otherSession = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync("/v1/sessions", new { agentId = "fuzz-agent" }), System.Net.HttpStatusCode.Created);
        var otherSessionMessage = await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PostAsJsonAsync($"/v1/sessions/{otherSession.GetProperty("id").GetGuid()}/messages",
            new { role = "user", content = "another session's message" }), System.Net.HttpStatusCode.Created);
        await HttpAssert.OkJsonAsync<JsonElement>(await tenantA.PutAsJsonAsync("/v1/agents/fuzz-agent/state/memory", new { step = 1 }), System.Net.HttpStatusCode.Created);
        return new FuzzTargets(entry.Id, sessionId, "fuzz-agent", "memory", otherSessionMessage.GetProperty("id").GetGuid());
    }

    private static readonly string[] RelationalBreakdowns =
    [
        "SELECT 'knowledge ' || \"Status\" || ':' || COUNT(*) || ' v' || SUM(\"Version\") FROM \"KnowledgeEntries\" GROUP BY \"Status\" ORDER BY \"Status\"",
        "SELECT 'sessions ' || \"Status\" || ':' || COUNT(*) FROM \"AgentSessions\" GROUP BY \"Status\" ORDER BY \"Status\"",
    ];

    /// <summary>Rows per table of both SQLite files, read straight from the files (not through the API under test),
    /// plus the knowledge status breakdown: any accepted write, update, status change or delete shows here.</summary>
    private async Task<string> CountRecordsAsync()
    {
        var counts = new List<string>();
        foreach (var file in new[] { "relational.db", "documents.db" })
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, file)};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            }
            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts.Add($"{file}/{table}={await count.ExecuteScalarAsync()}");
            }
            if (file == "relational.db")
            {
                foreach (var breakdown in RelationalBreakdowns)
                {
                    await using var command = connection.CreateCommand();
                    command.CommandText = breakdown;
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync()) counts.Add(reader.GetString(0));
                }
            }
        }
        Assert.Contains(counts, c => c.StartsWith("relational.db/KnowledgeEntries=", StringComparison.Ordinal));
        return string.Join(", ", counts);
    }
}
