using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>
/// When Redis sent the fleet's channel messages (relayed pushes, announcements): a raw RESP connection that
/// <c>PSUBSCRIBE</c>s to <c>ofac:*</c> and reads on a thread of its own, so that the time is taken as the message
/// arrives, not when this busy process's thread pool gets round to it (as the instances' own connections see it).
/// </summary>
internal sealed class ChannelTap : IDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly Thread _reader;
    private readonly Lock _lock = new();
    private readonly List<(string Channel, long At)> _messages = [];

    private ChannelTap(TcpClient client)
    {
        _client = client;
        _stream = new BufferedStream(client.GetStream());
        _reader = new Thread(Read) { IsBackground = true, Name = "channel tap", Priority = ThreadPriority.AboveNormal };
    }

    public static ChannelTap Start(int port, string password)
    {
        var client = new TcpClient { NoDelay = true };
        client.Connect("127.0.0.1", port);
        var tap = new ChannelTap(client);
        tap.Send("AUTH", password);
        tap.Send("PSUBSCRIBE", "ofac:*");
        tap._reader.Start();
        return tap;
    }

    /// <summary>The first message on a channel ending in <paramref name="suffix"/> sent at or after <paramref name="since"/>.</summary>
    public long? First(string suffix, long since)
    {
        lock (_lock)
        {
            foreach (var (channel, at) in _messages)
            {
                if (at >= since && channel.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return at;
                }
            }
        }

        return null;
    }

    public void Dispose()
    {
        _client.Dispose();
        _reader.Join(TimeSpan.FromSeconds(5));
    }

    private void Send(params string[] parts)
    {
        var command = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            command.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        _client.GetStream().Write(Encoding.UTF8.GetBytes(command.ToString()));
    }

    private void Read()
    {
        try
        {
            while (true)
            {
                var reply = ReadValue();
                var at = Stopwatch.GetTimestamp();
                // pmessage, pattern, channel, payload
                if (reply is object?[] { Length: 4 } array && array[0] is "pmessage" && array[2] is string channel)
                {
                    lock (_lock)
                    {
                        _messages.Add((channel, at));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or EndOfStreamException)
        {
            // The connection closed: the run is over (or Redis was killed).
        }
    }

    private object? ReadValue()
    {
        var type = _stream.ReadByte();
        if (type < 0)
        {
            throw new EndOfStreamException();
        }

        var line = ReadLine();
        switch ((char)type)
        {
            case '+' or '-' or ':':
                return line;
            case '$':
                var length = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var bytes = new byte[length + 2];
                _stream.ReadExactly(bytes);
                return Encoding.UTF8.GetString(bytes, 0, length);
            case '*':
                var count = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
                var items = new object?[Math.Max(count, 0)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ReadValue();
                }

                return items;
            default:
                throw new IOException($"Unexpected RESP type '{(char)type}'.");
        }
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        int b;
        while ((b = _stream.ReadByte()) is >= 0 and not '\r')
        {
            line.Append((char)b);
        }

        if (b < 0 || _stream.ReadByte() < 0)
        {
            throw new EndOfStreamException();
        }

        return line.ToString();
    }
}
