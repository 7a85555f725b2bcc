using System.Net.Sockets;

namespace OpenFeatureAppConfig.Benchmarks.Emulator;

/// <summary>Counts the bytes a client receives on the wire (status line, headers and body), for "bytes per 304".</summary>
internal sealed class WireByteCounter
{
    private long _received;

    /// <summary>Bytes received since the last <see cref="Reset"/>.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Starts counting afresh.</summary>
    public void Reset() => Interlocked.Exchange(ref _received, 0);

    /// <summary>A handler whose connections report what they read to this counter.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new CountingNetworkStream(socket, this);
        },
    };

    private sealed class CountingNetworkStream(Socket socket, WireByteCounter counter) : NetworkStream(socket, ownsSocket: true)
    {
        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            Interlocked.Add(ref counter._received, read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref counter._received, read);
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
