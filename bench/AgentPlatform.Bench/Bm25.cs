using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace AgentPlatform.Bench;

/// <summary>
/// Textbook Okapi BM25 over a fixed set of texts, as a reference the platform's engines are compared with:
/// score(q, d) = Σ over the query's terms t of idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d| / avgdl)), with Lucene's
/// non-negative idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)). Terms are what the given analyzer makes of the text
/// (a query term that occurs twice counts twice, as a Lucene query of those terms would); lengths count terms, unquantised.
/// Ties keep the texts' order.
/// </summary>
internal sealed class Bm25
{
    public const double K1 = 0.9;
    public const double B = 0.4;

    private readonly Analyzer _analyzer;
    private readonly Dictionary<string, int>[] _termFrequencies;
    private readonly int[] _lengths;
    private readonly double _averageLength;
    private readonly Dictionary<string, double> _idf;

    public Bm25(IReadOnlyList<string> texts, Analyzer analyzer)
    {
        _analyzer = analyzer;
        _termFrequencies = [.. texts.Select(text => Terms(text).CountBy(term => term).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))];
        _lengths = [.. _termFrequencies.Select(tf => tf.Values.Sum())];
        _averageLength = _lengths.Length == 0 ? 0 : Math.Max(_lengths.Average(), 1e-9);
        int n = texts.Count;
        _idf = _termFrequencies.SelectMany(tf => tf.Keys).CountBy(term => term)
            .ToDictionary(p => p.Key, p => Math.Log(1 + (n - p.Value + 0.5) / (p.Value + 0.5)), StringComparer.Ordinal);
    }

    /// <summary>The indexes of the best <paramref name="limit"/> texts that share a term with the query, best first.</summary>
    public IReadOnlyList<int> Search(string query, int limit)
    {
        var scores = new double[_termFrequencies.Length];
        foreach (string term in Terms(query))
        {
            if (!_idf.TryGetValue(term, out double idf))
                continue;
            for (int d = 0; d < scores.Length; d++)
            {
                if (_termFrequencies[d].TryGetValue(term, out int tf))
                    scores[d] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * _lengths[d] / _averageLength));
            }
        }
        return [.. Enumerable.Range(0, scores.Length).Where(d => scores[d] > 0)
            .OrderByDescending(d => scores[d]).ThenBy(d => d).Take(limit)];
    }

    private List<string> Terms(string text)
    {
        var terms = new List<string>();
        using TokenStream stream = _analyzer.GetTokenStream("content", text);
        ICharTermAttribute term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return terms;
    }
}
