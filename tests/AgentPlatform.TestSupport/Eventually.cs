using System.Diagnostics;

namespace AgentPlatform.TestSupport;

/// <summary>
/// The one polling loop of the tests: asks <c>probe</c> until its answer satisfies <c>done</c>, and fails with what
/// was awaited and the last answer when that takes longer than the timeout. The timeout only bounds a wait for
/// something that may never happen (a service that never gets healthy); no test asserts how long a wait took.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <returns>The first answer that satisfies <paramref name="done"/>.</returns>
    /// <param name="what">What is awaited, for the timeout's message ("Search.Api healthy").</param>
    /// <param name="describe">The last answer in the timeout's message (default: its ToString()).</param>
    public static async Task<T> UntilAsync<T>(string what, Func<CancellationToken, Task<T>> probe, Func<T, bool> done,
        TimeSpan? timeout = null, Func<T, string>? describe = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var answer = await probe(cancellationToken);
            if (done(answer))
                return answer;
            if (waited.Elapsed > limit)
                throw new TimeoutException($"Not {what} within {limit.TotalSeconds:0} s; last answer: {(describe ?? (a => a?.ToString() ?? "null"))(answer)}");
            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }

    /// <summary><see cref="UntilAsync{T}"/> over an HTTP request: each answer is read as its status and body (the
    /// response is disposed), and a server not listening yet is an answer with no status.</summary>
    public static Task<HttpAnswer> AnswersAsync(string what, Func<CancellationToken, Task<HttpResponseMessage>> send, Func<HttpAnswer, bool> done,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        UntilAsync(what, async ct =>
        {
            try
            {
                using var response = await send(ct);
                return new HttpAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(ct));
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                return new HttpAnswer(null, e.Message);
            }
        }, done, timeout, answer => $"{(answer.Status is { } status ? (int)status : "no answer")} {answer.Body}", cancellationToken: cancellationToken);
}
