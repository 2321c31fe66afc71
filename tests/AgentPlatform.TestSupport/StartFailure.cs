using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using Xunit;

namespace AgentPlatform.Tests.Api;

/// <summary>What a service that must not start stopped with.</summary>
public static class StartFailure
{
    /// <summary>The validation messages the host stopped with. WebApplicationFactory runs the service's entry point on
    /// its own thread; when that host stops at start it is disposed, and now and then the factory reaches its services
    /// first and reports an ObjectDisposedException instead of the host's error. That race is the test harness's, so a
    /// fresh host is started again (a few times at most); any other answer fails at once.</summary>
    public static async Task<string> ValidationMessagesAsync<T>(Func<WebApplicationFactory<T>> create) where T : class
    {
        Exception? error = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var factory = create();
            error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            var validation = Flatten(error).OfType<OptionsValidationException>().ToList();
            if (validation.Count > 0)
                return string.Join(" | ", validation.Select(v => v.Message));
            if (!Flatten(error).OfType<ObjectDisposedException>().Any())
                break;
        }
        Assert.Fail($"The host did not stop with a validation error: {error}");
        return "";
    }

    private static IEnumerable<Exception> Flatten(Exception error) =>
        error is AggregateException all
            ? all.InnerExceptions.SelectMany(Flatten).Prepend(error)
            : error.InnerException is { } inner ? Flatten(inner).Prepend(error) : [error];
}
