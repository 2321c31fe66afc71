using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentPlatform.ServiceDefaults;

/// <summary>The request body limit (<see cref="AgentPlatformOptions.MaxRequestBodyBytes"/>), enforced by the service
/// itself and not only by Kestrel: a body over the limit gets 413 under any server (Kestrel, IIS, the in-process test
/// server).</summary>
public static class RequestBodyLimit
{
    /// <summary>Rejects a declared Content-Length over the limit before anything reads the body; a body of unknown
    /// length (chunked) is cut off by the server's own limit where it has one, else by a counting stream. Either way
    /// the overflow surfaces as <see cref="BadHttpRequestException"/> with 413, which the exception handler turns into
    /// ProblemDetails.</summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBytes)
                throw TooLarge(maxBytes);
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
            {
                serverLimit.MaxRequestBodySize = maxBytes;
            }
            else
            {
                context.Request.Body = new LimitedReadStream(context.Request.Body, maxBytes);
                // The pipe reader over the old stream would bypass the limit: read through the new one.
                context.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(context));
            }
            await next(context);
        });

    internal static BadHttpRequestException TooLarge(long maxBytes) =>
        new($"The request body is larger than the limit of {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);

    /// <summary>Reads through to the inner stream and throws once more than the limit has been read.</summary>
    private sealed class LimitedReadStream(Stream inner, long maxBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > maxBytes ? throw TooLarge(maxBytes) : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
