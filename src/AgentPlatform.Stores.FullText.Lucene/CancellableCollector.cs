using Lucene.Net.Index;
using Lucene.Net.Search;

namespace AgentPlatform.Storage.FullText.Lucene;

/// <summary>Passes every hit to <paramref name="inner"/> and stops the search when <paramref name="ct"/> is cancelled
/// (the caller's engine time limit): Lucene searches synchronously, so a token checked only before the search would let
/// an expensive query run to its end past its deadline.</summary>
internal sealed class CancellableCollector(ICollector inner, CancellationToken ct) : ICollector
{
    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        ct.ThrowIfCancellationRequested();
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        ct.ThrowIfCancellationRequested();
        inner.Collect(doc);
    }
}
