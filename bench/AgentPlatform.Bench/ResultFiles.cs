using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Bench;

/// <summary>Writes a run's result as bench/results/&lt;name&gt;.json and .md.</summary>
internal static class ResultFiles
{
    /// <summary>Also the requests' and answers' format: enums travel as the APIs' camelCase names (they refuse numbers).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>"" for the default model (its results keep their names), else the model id and a dash, so runs of
    /// another model sit beside the default's instead of replacing them.</summary>
    public static string ModelTag(string? modelId) =>
        modelId is null || modelId == AgentPlatform.Embeddings.EmbeddingModels.Default.Id ? "" : modelId + "-";

    public static async Task WriteAsync(string directory, string name, object result, string markdown)
    {
        System.IO.Directory.CreateDirectory(directory);
        string json = Path.Combine(directory, name + ".json");
        string md = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(result, Json));
        await File.WriteAllTextAsync(md, markdown);
        Console.WriteLine($"Wrote {json} and {md}");
    }
}

/// <summary>A table printed to the console with aligned columns and rendered as markdown for the results file.</summary>
internal sealed class ResultTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns.");
        _rows.Add(cells);
    }

    public void Print()
    {
        int[] widths = [.. headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max())];
        Console.WriteLine();
        Console.WriteLine(Line(headers, widths));
        Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (string[] row in _rows)
            Console.WriteLine(Line(row, widths));
        Console.WriteLine();
    }

    public string ToMarkdown()
    {
        var lines = new List<string>
        {
            "| " + string.Join(" | ", headers) + " |",
            "|" + string.Concat(headers.Select(_ => "---|")),
        };
        lines.AddRange(_rows.Select(r => "| " + string.Join(" | ", r) + " |"));
        return string.Join('\n', lines) + "\n";
    }

    private static string Line(string[] cells, int[] widths) => string.Join(" | ", cells.Select((c, i) => c.PadLeft(widths[i])));
}
