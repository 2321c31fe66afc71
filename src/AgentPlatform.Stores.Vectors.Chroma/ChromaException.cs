using System.Net;

namespace AgentPlatform.Storage.Vectors.Chroma;

/// <summary>Chroma answered with an error status. <see cref="ErrorType"/> and <see cref="ServerMessage"/> are the
/// server's own words (e.g. "InvalidArgumentError", "Collection expecting embedding with dimension of 384, got 3").</summary>
public sealed class ChromaException(HttpStatusCode statusCode, string errorType, string serverMessage)
    : Exception($"Chroma answered {(int)statusCode} {errorType}: {serverMessage}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string ErrorType { get; } = errorType;
    public string ServerMessage { get; } = serverMessage;
}
