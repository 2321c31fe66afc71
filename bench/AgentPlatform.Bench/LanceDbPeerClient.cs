using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Bench;

/// <summary>HTTP client of bench/peers/server.mjs (LanceDB): loads chunk rows with their vectors, builds its full-text
/// index, searches in one of its three modes.</summary>
internal sealed class LanceDbPeerClient(Uri address) : IDisposable
{
    private const int RowsPerRequest = 500;

    // Compact: the rows carry 384 floats each (the results files' indented format would double the upload).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };

    internal sealed record Row(string Id, string Doc, string Text, float[] Vector);

    internal sealed record Hit(string Doc, double? Score);

    internal sealed record SearchAnswer(IReadOnlyList<Hit> Hits, double TookMs);

    public async Task LoadAsync(IReadOnlyList<Row> rows, CancellationToken ct)
    {
        foreach (Row[] batch in rows.Chunk(RowsPerRequest))
            (await _http.PostAsJsonAsync("rows", new { rows = batch }, Json, ct)).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync("index", new { }, Json, ct)).EnsureSuccessStatusCode();
    }

    /// <summary>Chunk hits, best first (several may belong to one document).</summary>
    public async Task<SearchAnswer> SearchAsync(string mode, string query, ReadOnlyMemory<float> vector, int limit, CancellationToken ct)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync("search", new { mode, query, vector = vector.ToArray(), limit }, Json, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SearchAnswer>(Json, ct) ?? throw new InvalidDataException("The peer answered no body.");
    }

    public void Dispose() => _http.Dispose();
}
