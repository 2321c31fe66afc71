using System.Runtime.CompilerServices;
using AgentPlatform.Contracts;

namespace AgentPlatform.Client;

internal static class Paging
{
    public const int DefaultPageSize = 100;

    /// <summary>Every item of an offset-paged list, one page request at a time, until the list ends.</summary>
    public static async IAsyncEnumerable<T> AllAsync<T>(Func<int, CancellationToken, Task<Page<T>>> page, [EnumeratorCancellation] CancellationToken ct)
    {
        var offset = 0;
        while (true)
        {
            var current = await page(offset, ct);
            foreach (var item in current.Items) yield return item;
            if (!current.HasMore || current.Items.Count == 0) yield break;
            offset += current.Items.Count;
        }
    }

    public static string Query(params (string Name, object? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Format(p.Value!))}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join("&", present);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);

    private static string Format(object value) => value switch
    {
        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        Enum named => JsonNamingCamel(named.ToString()),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static string JsonNamingCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}
