using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AgentPlatform.ServiceDefaults;

/// <summary>Kestrel answers requests it cannot parse (a NUL in the path, malformed request line or headers, headers or
/// URI too large, a request-header timeout) itself, before any middleware runs, with an empty 4xx and a closed
/// connection. This connection middleware gives those answers the ProblemDetails body every other error has. It
/// rewrites only a 4xx response head that carries "Content-Length: 0" and "Connection: close" with raw line breaks:
/// the application never sends an empty 4xx (UseStatusCodePages fills them) and its JSON bodies cannot hold a raw
/// line break, so nothing the application wrote is ever touched.</summary>
public static class ServerErrorProblems
{
    public static void Use(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => async connection =>
        {
            var transport = new RewritingTransport(connection.Transport);
            connection.Transport = transport;
            try
            {
                await next(connection);
            }
            finally
            {
                // Everything written must reach the socket before Kestrel closes it.
                await transport.Responses.Writer.CompleteAsync();
                await transport.Forwarded;
            }
        }));

    private static ReadOnlySpan<byte> StatusLineStart => "HTTP/1.1 4"u8;
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    private sealed class RewritingTransport : IDuplexPipe
    {
        public RewritingTransport(IDuplexPipe transport)
        {
            Input = transport.Input;
            Forwarded = ForwardAsync(Responses.Reader, transport.Output);
        }

        /// <summary>What Kestrel writes, on its way to the socket.</summary>
        public Pipe Responses { get; } = new();

        public Task Forwarded { get; }

        public PipeReader Input { get; }

        public PipeWriter Output => Responses.Writer;

        private static async Task ForwardAsync(PipeReader responses, PipeWriter transport)
        {
            try
            {
                while (true)
                {
                    var read = await responses.ReadAsync();
                    var buffer = read.Buffer;
                    var consumed = Rewrite(buffer, transport, read.IsCompleted, out var waitForMore);
                    responses.AdvanceTo(consumed, waitForMore ? buffer.End : consumed);
                    var flushed = await transport.FlushAsync();
                    if ((read.IsCompleted && !waitForMore && consumed.Equals(buffer.End)) || flushed.IsCompleted)
                        break;
                }
                await responses.CompleteAsync();
                await transport.CompleteAsync();
            }
            catch (Exception ex)
            {
                await responses.CompleteAsync(ex);
                await transport.CompleteAsync(ex);
            }
        }

        /// <summary>Copies the buffer to the transport, replacing an empty server-made 4xx head by one with a body.
        /// Stops before a 4xx head that has not fully arrived (waitForMore) so it can be read whole.</summary>
        private static SequencePosition Rewrite(ReadOnlySequence<byte> buffer, PipeWriter transport, bool completed, out bool waitForMore)
        {
            waitForMore = false;
            var reader = new SequenceReader<byte>(buffer);
            var start = reader.Position;
            while (reader.TryAdvanceTo(StatusLineStart[0], advancePastDelimiter: false))
            {
                var headStart = reader.Position;
                if (!reader.IsNext(StatusLineStart, advancePast: false))
                {
                    // The buffer may end inside "HTTP/1.1 4": wait for the rest rather than miss a head.
                    if (reader.Remaining < StatusLineStart.Length && !completed && StatusLineStart.StartsWith(reader.UnreadSequence.ToArray()))
                        return ForwardUpTo(buffer, start, headStart, transport, out waitForMore);
                    reader.Advance(1);
                    continue;
                }
                var afterStatusLine = reader;
                if (!afterStatusLine.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd))
                {
                    if (completed)
                        break;
                    return ForwardUpTo(buffer, start, headStart, transport, out waitForMore);
                }
                if (ProblemHead(Encoding.ASCII.GetString(head)) is { } replacement)
                {
                    foreach (var segment in buffer.Slice(start, headStart))
                        transport.Write(segment.Span);
                    transport.Write(replacement);
                    start = afterStatusLine.Position;
                    reader = afterStatusLine;
                    continue;
                }
                reader.Advance(StatusLineStart.Length);
            }
            foreach (var segment in buffer.Slice(start))
                transport.Write(segment.Span);
            return buffer.End;
        }

        private static SequencePosition ForwardUpTo(ReadOnlySequence<byte> buffer, SequencePosition from, SequencePosition to, PipeWriter transport, out bool waitForMore)
        {
            foreach (var segment in buffer.Slice(from, to))
                transport.Write(segment.Span);
            waitForMore = true;
            return to;
        }
    }

    /// <summary>The head and ProblemDetails body replacing an empty server-made 4xx head; null for any other head.</summary>
    private static byte[]? ProblemHead(string head)
    {
        var lines = head.Split("\r\n");
        if (!lines.Contains("Content-Length: 0", StringComparer.OrdinalIgnoreCase) || !lines.Contains("Connection: close", StringComparer.OrdinalIgnoreCase)
            || lines[0].Split(' ') is not [_, var code, ..] || !int.TryParse(code, out var status))
            return null;
        var problem = new ProblemDetails
        {
            Status = status,
            Detail = "The server could not read the request: its request line or headers are malformed or too large (for example a NUL, %00, in the path).",
        };
        ProblemTypes.Complete(problem);
        var body = JsonSerializer.SerializeToUtf8Bytes(problem, ProblemJson);
        var rest = lines.Where(l => !l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase));
        var text = string.Join("\r\n", rest) + $"\r\nContent-Type: application/problem+json\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(text), .. body];
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
