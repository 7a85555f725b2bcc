using System.Net;
using System.Net.Sockets;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// A TCP relay on a free loopback port in front of the emulator, one per app instance: the bytes pass unchanged,
/// so each instance's requests reach the emulator with the relay's port in their <c>Host</c> header, and the
/// emulator's own request log says which instance asked. <see cref="StallNextConnection"/> makes it accept one
/// connection and never serve it, like an overloaded server whose accept queue overflowed; <see cref="Freeze"/>
/// holds every byte without closing anything (a silent partition) until <see cref="Thaw"/>. Disposing closes the
/// listener and every open connection.
/// </summary>
internal sealed class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _stallNext;
    private volatile TaskCompletionSource _open = Opened();

    private LoopbackRelay(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The <c>Host</c> header that requests through this relay carry.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public static LoopbackRelay To(Uri endpoint)
    {
        if (!IPAddress.TryParse(endpoint.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"Relays only to a loopback address, not {endpoint.Host}.", nameof(endpoint));
        }

        return new LoopbackRelay(new IPEndPoint(address, endpoint.Port));
    }

    /// <summary><paramref name="connectionString"/> with its endpoint's port replaced by the relay's.</summary>
    public string Through(string connectionString, Uri endpoint) =>
        connectionString.Replace($"{endpoint.Host}:{endpoint.Port}", Host, StringComparison.Ordinal);

    /// <summary>From now on nothing passes either way and nothing is closed, as when the network between drops every packet.</summary>
    public void Freeze() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The network heals: what was held passes, and so does everything after it.</summary>
    public void Thaw() => _open.TrySetResult();

    /// <summary>The next connection is accepted and held open, but nothing it sends reaches the target.</summary>
    public void StallNextConnection() => Volatile.Write(ref _stallNext, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(Interlocked.Exchange(ref _stallNext, 0) == 1 ? StallAsync(client) : RelayAsync(client));
            }
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await _open.Task.WaitAsync(cancellationToken);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private async Task StallAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The relay stops.
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_target, _stop.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                // Either side closing (or the relay stopping) ends both directions.
                using var closed = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var toTarget = PumpAsync(down, up, closed.Token);
                var toClient = PumpAsync(up, down, closed.Token);
                await Task.WhenAny(toTarget, toClient);
                await closed.CancelAsync();
                await Task.WhenAll(toTarget, toClient).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The connection is over.
            }
        }
    }
}
