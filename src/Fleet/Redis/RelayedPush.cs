using System.Text.Json;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// A push notification as relayed to the leader on the fleet's push channel: <c>{"t":syncToken,"k":key,"l":label}</c>.
/// A message that is not a JSON object is a bare sync token, as instances of an earlier version relay it (a leader of
/// that version ignores this form: its fleet then sees the change at the next scheduled refresh).
/// </summary>
internal static class RelayedPush
{
    // Far above what a sync token, a key and a label of the store's limits take.
    private const int MaxMessageLength = 64 * 1024;

    public static string Encode(PushNotification notification)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t", notification.SyncToken);
            if (notification.Key is { } key)
            {
                writer.WriteString("k", key);
            }

            if (notification.Label is { } label)
            {
                writer.WriteString("l", label);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The notification a message carries, checked as a push from outside is (whoever can write to Redis can publish
    /// here); null with the reason when it is not one.
    /// </summary>
    public static PushNotification? TryDecode(string? message, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(message) || message.Length > MaxMessageLength)
        {
            error = $"the message is empty or longer than {MaxMessageLength} characters";
            return null;
        }

        try
        {
            if (!message.StartsWith('{'))
            {
                return new PushNotification { SyncToken = message };
            }

            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            return new PushNotification
            {
                SyncToken = String(root, "t") ?? throw new FormatException("it has no sync token (\"t\")"),
                Key = String(root, "k"),
                Label = String(root, "l"),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            error = e.Message;
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.GetString()
            : null;
}
